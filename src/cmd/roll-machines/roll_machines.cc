#include "cmd/roll-machines/roll_machines.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <mutex>

#include "cmd/common/machine_log_lines.h"
#include "core/crypto.h"
#include "core/interrupt.h"
#include "fly/logs_client.h"
#include "fly/machine_logs.h"
#include "fly/markers.h"
#include "registry/credentials.h"
#include "registry/registry_client.h"
#include "supabase/secrets_client.h"

namespace flypin::cmd::roll_machines {
namespace {

using namespace std::chrono_literals;

// --project-ref: the secret must hold exactly this image (its SHA-256 as the API lists it).
core::Status prove_pin(const Plan& plan, Deps& deps, Outcome& out) {
  const PinSource& pin = *plan.pin;
  deps.io.mask(pin.token);
  supabase::SecretsClient secrets(deps.supabase_http, pin.api_url, pin.token);
  auto listed = secrets.list(pin.project_ref);
  if (!listed.ok()) return std::move(listed).error();
  const std::string as_given = core::sha256_hex(plan.image_text);
  const std::string canonical = core::sha256_hex(plan.image.str());
  for (const auto& s : *listed) {
    if (s.name != pin.secret_name) continue;
    if (s.value_sha256 == as_given || s.value_sha256 == canonical) {
      out.pin_verified = true;
      spdlog::info("secret {} of project {} names {}: it is the pin", pin.secret_name, pin.project_ref,
                   plan.image_text);
      return core::ok_status();
    }
    return core::Error::check("secret " + pin.secret_name + " of project " + pin.project_ref + " does not name " +
                              plan.image_text + " (it lists sha256 " + s.value_sha256.substr(0, 12) +
                              "...): roll-machines rolls the fleet only to the pin");
  }
  return core::Error::check("secret " + pin.secret_name + " of project " + pin.project_ref +
                            " is not set: there is no pin to roll to");
}

core::Status resolve_digest(const Plan& plan, Deps& deps, Outcome& out) {
  registry::CredentialResolver creds(deps.env, deps.processes, plan.credentials);
  registry::RegistryClient registry(deps.registry_http, creds);
  spdlog::info("resolving {} in registry {}", plan.image.str(), plan.image.domain);
  auto resolved = registry.resolve(plan.image, plan.platform);
  if (!resolved.ok()) return std::move(resolved).error();
  out.digest = resolved->digest;
  if (plan.image.pinned_by_digest() && plan.image.digest != out.digest) {
    return core::Error::check("registry answers " + out.digest + " for " + plan.image.str());
  }
  spdlog::info("pin: {}", out.digest);
  return core::ok_status();
}

// A summary without image_ref (FIDELITY M2) says nothing of what a machine runs: read the full records.
bool lacks_image(const std::vector<fly::Machine>& machines) {
  return std::any_of(machines.begin(), machines.end(), [](const fly::Machine& m) { return digest_of(m).empty(); });
}

// Three lists, one burst of Fly's list limit. A metadata filter may be ignored (FIDELITY M1), and a
// summary has no metadata to check it by: a filtered list is read in full and filtered again by the
// client; only the unfiltered list of everything, the large one, may be a summary.
core::Result<DriftReport> survey(const Plan& plan, fly::Client& fly, const std::string& digest) {
  auto detail = plan.select.empty() ? fly::ListDetail::kSummary : fly::ListDetail::kFull;
  auto selected = fly.list(plan.app, plan.select, fly::IncludeDeleted::kNo, detail);
  if (!selected.ok()) return std::move(selected).error();
  if (detail == fly::ListDetail::kSummary && lacks_image(*selected)) {
    spdlog::info("the summary list does not say which image every machine runs: reading the full list");
    selected = fly.list(plan.app, plan.select, fly::IncludeDeleted::kNo, fly::ListDetail::kFull);
    if (!selected.ok()) return std::move(selected).error();
  }
  auto smoke = fly.list(plan.app, fly::markers::smoke_filter(), fly::IncludeDeleted::kNo, fly::ListDetail::kFull);
  if (!smoke.ok()) return std::move(smoke).error();
  std::set<std::string> smoke_ids;
  for (const auto& m : *smoke) smoke_ids.insert(m.id);
  // pin-image's keepers, found like smoke machines.
  auto keepers = fly.list(plan.app, fly::markers::keeper_filter(), fly::IncludeDeleted::kNo, fly::ListDetail::kFull);
  if (!keepers.ok()) return std::move(keepers).error();
  std::set<std::string> keeper_ids;
  for (const auto& m : *keepers) keeper_ids.insert(m.id);
  return drift_report(*selected, smoke_ids, digest, keeper_ids);
}

const char* result_name(RollResult r) {
  switch (r) {
    case RollResult::kUpdated:
      return "updated";
    case RollResult::kAlreadyOnPin:
      return "already on the pin";
    case RollResult::kLeased:
      return "skipped: leased";
    case RollResult::kChanged:
      return "skipped: changed";
    case RollResult::kGone:
      return "skipped: gone";
    case RollResult::kUnknown:
      return "skipped: unknown";
    case RollResult::kFailed:
      return "failed";
    case RollResult::kInterrupted:
      return "interrupted";
  }
  return "failed";
}

void note(const MachineOutcome& o) {
  if (o.result == RollResult::kFailed)
    spdlog::error("machine {}: {}{}", o.id, o.detail, o.restored ? " (previous config restored)" : "");
  else
    spdlog::info("machine {}: {}{}", o.id, result_name(o.result), o.detail.empty() ? "" : " (" + o.detail + ")");
}

class Roller {
 public:
  Roller(const Plan& plan, Deps& deps, Outcome& out)
      : plan_(plan),
        deps_(deps),
        out_(out),
        target_{plan.app, plan.image.pinned_to(out.digest).str(), out.digest, plan.wait_timeout, plan.select} {}

  /// Items in the pool, each rolled by kind; false when one failed.
  bool roll_pool(const std::vector<DriftedMachine>& items) {
    auto run = run_pool(items.size(), plan_.concurrency, deps_.worker_http,
                        [&](std::size_t i, core::HttpClient& http, const std::atomic<bool>& stopping) {
                          fly::Client fly(http, deps_.clock, plan_.fly);
                          MachineRoll roll(fly, deps_.clock, target_, stopping);
                          const auto& m = items[i];
                          auto o = is_parked(m.state) ? roll.park(m) : roll.replace(m);
                          note(o);
                          const bool failed = o.result == RollResult::kFailed;
                          record(std::move(o));
                          return failed && plan_.update == Update::kAll ? Next::kStop : Next::kGoOn;
                        });
    interrupted_ = interrupted_ || run.interrupted;
    return !failed_;
  }

  /// The canaries, one at a time, on the program's own client. A signal does not cut a canary
  /// short: it is finished (proven, or put back as it was) and its lease released, then the run
  /// stops (24.17); only a second signal abandons it.
  bool roll_canaries(const std::vector<DriftedMachine>& canaries) {
    static const std::atomic<bool> kNeverStopping{true};
    fly::Client fly(deps_.fly_http, deps_.clock, plan_.fly);
    MachineRoll roll(fly, deps_.clock, target_, kNeverStopping);
    core::InterruptDeferral finish_the_canary;
    for (const auto& m : canaries) {
      if (core::interrupt_signal() != 0) {
        interrupted_ = true;
        return false;
      }
      spdlog::info("canary {} ({})", m.id, m.region);
      auto o = roll.replace(m);
      note(o);
      const bool failed = o.result == RollResult::kFailed;
      const bool stopped = o.result == RollResult::kInterrupted || core::interrupt_signal() != 0;
      record(std::move(o));
      if (stopped) {
        spdlog::warn("{} received during the canary: it was finished and its lease released; stopping",
                     core::signal_name(core::interrupt_signal()));
        interrupted_ = true;
        return false;
      }
      if (failed) return false;
    }
    return true;
  }

  bool interrupted() const { return interrupted_; }
  const MachineOutcome* first_failure() const {
    for (const auto& o : out_.rolled)
      if (o.result == RollResult::kFailed) return &o;
    return nullptr;
  }

 private:
  void record(MachineOutcome o) {
    std::lock_guard lock(mu_);
    failed_ = failed_ || o.result == RollResult::kFailed;
    out_.rolled.push_back(std::move(o));
  }

  const Plan& plan_;
  Deps& deps_;
  Outcome& out_;
  RollTarget target_;
  std::mutex mu_;
  bool failed_ = false;
  bool interrupted_ = false;
};

void read_logs(const Plan& plan, Deps& deps, const std::string& id, Outcome& out) {
  fly::LogsClient logs(deps.fly_http, plan.logs);
  fly::MachineLogReader reader(logs, deps.clock, plan.app, id);
  out.logs = reader.last_lines(std::nullopt, 3s);
  out.logs_machine_id = id;
  print_last_lines(deps.io, id, *out.logs);
}

core::Status update(const Plan& plan, Deps& deps, Outcome& out) {
  Roller roller(plan, deps, out);
  std::vector<DriftedMachine> parked, running, canaries;
  for (const auto& m : out.drift.drifted) {
    if (is_parked(m.state))
      parked.push_back(m);
    else if (m.state == "started" && plan.update == Update::kAll)
      running.push_back(m);
  }
  bool ok = true;
  if (plan.update == Update::kAll) {
    const std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(plan.canary), running.size());
    canaries.assign(running.begin(), running.begin() + static_cast<std::ptrdiff_t>(n));
    running.erase(running.begin(), running.begin() + static_cast<std::ptrdiff_t>(n));
    ok = roller.roll_canaries(canaries);
    if (ok && !roller.interrupted()) {
      std::vector<DriftedMachine> rest = running;
      rest.insert(rest.end(), parked.begin(), parked.end());
      ok = roller.roll_pool(rest);
    }
  } else {
    ok = roller.roll_pool(parked);
  }
  if (roller.interrupted()) {
    // What the signal left behind, in the last line a user sees.
    auto e = core::Error::cancelled();
    e.message = std::string("interrupted by ") + core::signal_name(core::interrupt_signal());
    for (const auto& o : out.rolled)
      if (o.result == RollResult::kInterrupted) e.message += "; machine " + o.id + ": " + o.detail;
    return e;
  }
  if (!ok) {
    const MachineOutcome* failed = roller.first_failure();
    if (plan.update == Update::kAll && failed) read_logs(plan, deps, failed->id, out);
    if (!failed) return core::Error::check("an update failed");
    // The machine's own error, as the API answered it: its status, method and URL stay.
    core::Error error = failed->error.value_or(core::Error::check(""));
    error.message = "machine " + failed->id + ": " + (failed->error ? failed->error->message : failed->detail) +
                    (failed->restored ? " (its previous config was restored)" : "");
    return error;
  }
  return core::ok_status();
}

core::Status roll(const Plan& plan, Deps& deps, Outcome& out) {
  deps.io.mask(plan.fly.token);
  out.image = plan.image_text;
  if (plan.pin) {
    if (auto st = prove_pin(plan, deps, out); !st.ok()) return st;
  }
  if (auto st = resolve_digest(plan, deps, out); !st.ok()) return st;
  fly::Client fly(deps.fly_http, deps.clock, plan.fly);
  auto drift = survey(plan, fly, out.digest);
  if (!drift.ok()) return std::move(drift).error();
  out.drift = std::move(*drift);
  spdlog::info("{} machines selected ({} smoke machines left out): {} on the pin, {} drifted", out.drift.selected,
               out.drift.smoke_skipped, out.drift.on_pin, out.drift.drifted.size());
  if (out.drift.selected == 0) spdlog::warn("{}", no_machine_text(plan));
  for (const auto& m : out.drift.unknown)
    spdlog::warn("machine {}: the API does not say what it runs (host not ok?): reported unknown, not updated", m.id);
  if (plan.update == Update::kReport) {
    if (plan.on_drift == OnDrift::kFail && !out.drift.drifted.empty()) {
      return core::Error::check(std::to_string(out.drift.drifted.size()) + " machine(s) of app " + plan.app +
                                " are not on the pin " + out.digest);
    }
    return core::ok_status();
  }
  return update(plan, deps, out);
}

}  // namespace

std::string no_machine_text(const Plan& plan) {
  if (plan.select.empty()) return "app " + plan.app + " has no machines (smoke machines aside): nothing to roll";
  std::string selection;
  for (const auto& [k, v] : plan.select) selection += (selection.empty() ? "--select " : ", --select ") + k + "=" + v;
  return "the selection " + selection + " matched no machine of app " + plan.app + ": nothing to roll";
}

long long count_of(const Outcome& outcome, RollResult result) {
  long long n = 0;
  for (const auto& o : outcome.rolled) n += o.result == result;
  return n;
}

Result run(const Plan& plan, Deps& deps) {
  Outcome out;
  auto status = roll(plan, deps, out);
  return run_result(std::move(out), std::move(status));
}

}  // namespace flypin::cmd::roll_machines
