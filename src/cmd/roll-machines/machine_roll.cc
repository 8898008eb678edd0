#include "cmd/roll-machines/machine_roll.h"

#include <spdlog/spdlog.h>

#include <thread>

#include "cmd/roll-machines/health_wait.h"
#include "cmd/roll-machines/lease_hold.h"
#include "cmd/roll-machines/update_verdict.h"
#include "core/interrupt.h"
#include "fly/markers.h"

namespace flypin::cmd::roll_machines {
namespace {

using namespace std::chrono_literals;

constexpr const char* kLeaseDescription = "flypin roll-machines";
// An update found not applied (a 412 about something else, "machine getting replaced") is sent again this often.
constexpr int kUpdateAttempts = 3;
// What a stage of the roll needs beyond --wait-timeout: the update itself, reads, a few retries.
constexpr auto kLeaseMargin = 120s;

bool cancelled(const core::Error& e) { return e.kind == core::ErrorKind::kCancelled; }

MachineOutcome outcome(const std::string& id, RollResult result, std::string detail = "") {
  return {id, result, std::move(detail), false, std::nullopt};
}

// A failure the API answered: its one line keeps the HTTP status, method and URL.
MachineOutcome failed(const std::string& id, const core::Error& e) {
  return {id, RollResult::kFailed, e.describe(), false, e};
}

}  // namespace

struct MachineRoll::Update {
  enum class Verdict { kApplied, kLeased, kGone, kChanged, kFailed, kInterrupted };
  Verdict verdict = Verdict::kFailed;
  fly::Machine machine;  // as read back, when applied
  std::string detail;
  std::optional<core::Error> error;  // the API's, behind a failure
};

MachineRoll::MachineRoll(fly::Client& fly, core::Clock& clock, RollTarget target, const std::atomic<bool>& stopping)
    : fly_(fly), clock_(clock), target_(std::move(target)), stopping_(stopping) {}

MachineOutcome MachineRoll::park(const DriftedMachine& m) { return roll(m, Kind::kParked); }
MachineOutcome MachineRoll::replace(const DriftedMachine& m) { return roll(m, Kind::kRunning); }

bool MachineRoll::resume_after_signal() const {
  // The pool suspends the interrupt right after it notices it, so that what is in flight can be finished;
  // the runner's second signal ends that.
  while (!stopping_.load() && !core::urgent()) std::this_thread::sleep_for(10ms);
  return !core::urgent();
}

std::string MachineRoll::not_ours(const fly::Machine& m) const {
  for (const auto& [key, value] : target_.select) {
    auto it = m.config.metadata.find(key);
    if (it == m.config.metadata.end() || it->second != value)
      return "its metadata does not match --select " + key + "=" + value + ": left alone";
  }
  if (fly::markers::is_smoke(m)) return "it is a smoke machine: left alone";
  if (fly::markers::is_keeper(m)) return "it is a keeper of pin-image --keep: left alone";
  return "";
}

MachineRoll::Update MachineRoll::apply(const std::string& id, const std::string& config_json, const std::string& image,
                                       const fly::Machine& before, fly::SkipLaunch skip_launch,
                                       const std::string& nonce) {
  using V = Update::Verdict;
  std::string last;
  for (int attempt = 1; attempt <= kUpdateAttempts; ++attempt) {
    auto answer = fly_.update(target_.app, id, {config_json, skip_launch, before.instance_id, nonce});
    if (!answer.ok()) {
      const core::Error& e = answer.error();
      if (cancelled(e)) {
        if (!resume_after_signal()) return {V::kInterrupted, {}, "interrupted during its update: it may run the pin"};
      } else if (e.http_status == 409) {
        return {V::kLeased, {}, "held by another lease: " + e.message};
      } else if (e.http_status == 404) {
        return {V::kGone, {}, "destroyed since it was listed"};
      } else if (!is_ambiguous(e)) {
        return {V::kFailed, {}, e.describe(), e};
      }
      last = e.describe();
      spdlog::warn("machine {}: {}; reading it back to see whether the update was applied", id, last);
    }
    // Whatever the answer, the machine says what happened (an answer is not the machine).
    auto read = fly_.get(target_.app, id);
    if (!read.ok()) {
      if (read.error().kind == core::ErrorKind::kNotFound) return {V::kGone, {}, "destroyed during its update"};
      if (cancelled(read.error()) && !resume_after_signal())
        return {V::kInterrupted, {}, "interrupted during its update: it may run the pin"};
      read = fly_.get(target_.app, id);
      if (!read.ok())
        return {V::kFailed, {}, "its update's outcome is unknown: " + read.error().describe(), read.error()};
    }
    switch (judge_update(*read, image, before.instance_id)) {
      case Applied::kYes:
        return {V::kApplied, std::move(*read), ""};
      case Applied::kChangedMeanwhile:
        return {V::kChanged, {}, "its version changed meanwhile (now " + read->instance_id + "): left alone"};
      case Applied::kNo:
        if (answer.ok()) {
          return {V::kFailed,
                  {},
                  "the API answered its update, but the machine still names " + read->config.image + " (version " +
                      read->instance_id + ")"};
        }
        break;
    }
    if (attempt < kUpdateAttempts && !clock_.sleep_for(std::chrono::seconds(attempt)) && !resume_after_signal())
      return {V::kInterrupted, {}, "interrupted before its update was applied: left as it was"};
  }
  return {V::kFailed,
          {},
          "its update was not applied after " + std::to_string(kUpdateAttempts) + " attempts (" + last + ")"};
}

MachineOutcome MachineRoll::roll(const DriftedMachine& d, Kind kind) {
  using V = Update::Verdict;
  LeaseHold lease(fly_, clock_, target_.app, d.id, target_.wait_timeout + kLeaseMargin);
  if (auto st = lease.acquire(kLeaseDescription); !st.ok()) {
    const core::Error& e = st.error();
    if (e.http_status == 409) return outcome(d.id, RollResult::kLeased, "held by another lease: " + e.message);
    if (e.http_status == 404) return outcome(d.id, RollResult::kGone, "destroyed since it was listed");
    if (cancelled(e)) return outcome(d.id, RollResult::kInterrupted, "interrupted before its lease: left as it was");
    return failed(d.id, e);
  }
  auto current = fly_.get(target_.app, d.id);
  if (!current.ok()) {
    if (current.error().kind == core::ErrorKind::kNotFound)
      return outcome(d.id, RollResult::kGone, "destroyed since it was listed");
    if (cancelled(current.error()))
      return outcome(d.id, RollResult::kInterrupted, "interrupted before its update: left as it was");
    return failed(d.id, current.error());
  }
  if (!fly::fully_known(*current)) {
    return outcome(d.id, RollResult::kUnknown,
                   "its host is " + (current->host_status.empty() ? std::string("unknown") : current->host_status) +
                       ": Fly has no config for it, and it is not updated blind");
  }
  if (auto why = not_ours(*current); !why.empty()) return outcome(d.id, RollResult::kChanged, why);
  if (on_pin(*current, target_.pin_digest)) return outcome(d.id, RollResult::kAlreadyOnPin);
  const bool parked_now = is_parked(current->state);
  if (kind == Kind::kParked && !parked_now)
    return outcome(d.id, RollResult::kChanged, "now " + current->state + ": left alone");
  auto config = fly::config_with_image(current->config_json, target_.pinned_image);
  if (!config.ok()) return failed(d.id, config.error());

  auto update = apply(d.id, *config, target_.pinned_image, *current,
                      parked_now ? fly::SkipLaunch::kYes : fly::SkipLaunch::kNo, lease.nonce());
  switch (update.verdict) {
    case V::kApplied:
      break;
    case V::kLeased:
      return outcome(d.id, RollResult::kLeased, update.detail);
    case V::kGone:
      return outcome(d.id, RollResult::kGone, update.detail);
    case V::kChanged:
      return outcome(d.id, RollResult::kChanged, update.detail);
    case V::kInterrupted:
      return outcome(d.id, RollResult::kInterrupted, update.detail + "; " + lease.expiry_text());
    case V::kFailed: {
      MachineOutcome out = outcome(d.id, RollResult::kFailed, update.detail);
      out.error = update.error;
      return out;
    }
  }
  if (parked_now) return outcome(d.id, RollResult::kUpdated, "parked: " + update.machine.state);

  // On the pin and not yet proven: healthy, or back to how it was.
  const auto deadline = clock_.now() + target_.wait_timeout;
  while (true) {
    auto health = wait_healthy(fly_, clock_,
                               {target_.app, d.id, update.machine.instance_id, deadline, [&] { return lease.keep(); }});
    if (health.end == WaitEnd::kHealthy) return outcome(d.id, RollResult::kUpdated);
    if (health.end == WaitEnd::kInterrupted) {
      if (resume_after_signal()) continue;  // the first signal: finish what is in hand
      return outcome(d.id, RollResult::kInterrupted,
                     "interrupted while proving it on the pin: it runs the pin unproven; " + lease.expiry_text());
    }
    MachineOutcome out = outcome(d.id, RollResult::kFailed, health.why);
    restore(*current, lease, out);
    return out;
  }
}

void MachineRoll::restore(const fly::Machine& before, LeaseHold& lease, MachineOutcome& out) {
  using V = Update::Verdict;
  const std::string& id = before.id;
  spdlog::warn("machine {}: {}; restoring its previous config", id, out.detail);
  if (auto st = lease.extend(); !st.ok())
    spdlog::warn("machine {}: its lease could not be extended for the restore: {}", id, st.error().message);
  auto now = fly_.get(target_.app, id);
  if (!now.ok()) {
    out.detail += "; restoring its previous config failed: " + now.error().describe();
    return;
  }
  auto back = apply(id, before.config_json, before.config.image, *now, fly::SkipLaunch::kNo, lease.nonce());
  if (back.verdict != V::kApplied) {
    out.detail += "; restoring its previous config failed: " + back.detail;
    return;
  }
  // "machine was in a non-started state prior to the update so leaving the new version stopped" (flyd):
  // it was serving before the roll, so it is started again here.
  if (back.machine.state != "started" && back.machine.state != "starting" && back.machine.state != "replacing") {
    spdlog::info("machine {}: restored {}; starting it, as it was before the roll", id, back.machine.state);
    if (auto st = fly_.start(target_.app, id, lease.nonce()); !st.ok())
      spdlog::warn("machine {}: start after the restore: {}", id, st.error().describe());
  }
  const auto deadline = clock_.now() + target_.wait_timeout;
  while (true) {
    auto health =
        wait_healthy(fly_, clock_, {target_.app, id, back.machine.instance_id, deadline, [&] { return lease.keep(); }});
    if (health.end == WaitEnd::kHealthy) break;
    if (health.end == WaitEnd::kInterrupted && resume_after_signal()) continue;
    out.detail += "; its previous config was restored but it is not healthy: " + health.why;
    return;
  }
  out.restored = true;
}

}  // namespace flypin::cmd::roll_machines
