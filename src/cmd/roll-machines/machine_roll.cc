#include "cmd/roll-machines/machine_roll.h"

#include <spdlog/spdlog.h>

#include <thread>

namespace flypin::cmd::roll_machines {
namespace {

using namespace std::chrono_literals;

constexpr const char* kLeaseDescription = "flypin roll-machines";

bool cancelled(const core::Error& e) { return e.kind == core::ErrorKind::kCancelled; }

MachineOutcome outcome(const std::string& id, RollResult result, std::string detail = "") {
  return {id, result, std::move(detail), false, std::nullopt};
}

// A failure the API answered: its one line keeps the HTTP status, method and URL.
MachineOutcome failed(const std::string& id, const core::Error& e) {
  return {id, RollResult::kFailed, e.describe(), false, e};
}

}  // namespace

MachineRoll::MachineRoll(fly::Client& fly, core::Clock& clock, RollTarget target, const std::atomic<bool>& stopping)
    : fly_(fly), clock_(clock), target_(std::move(target)), stopping_(stopping) {}

MachineOutcome MachineRoll::park(const DriftedMachine& m) { return roll(m, Kind::kParked); }
MachineOutcome MachineRoll::replace(const DriftedMachine& m) { return roll(m, Kind::kRunning); }

void MachineRoll::await_cleanup() const {
  // The pool suspends the interrupt right after it notices it, so that what is in flight can be finished.
  while (!stopping_.load()) std::this_thread::sleep_for(10ms);
}

MachineOutcome MachineRoll::roll(const DriftedMachine& m, Kind kind) {
  const std::string& app = target_.app;
  auto lease = fly_.acquire_lease(app, m.id, target_.wait_timeout + 60s, kLeaseDescription);
  if (!lease.ok()) {
    if (lease.error().http_status == 409) return outcome(m.id, RollResult::kLeased, "held by another lease");
    if (cancelled(lease.error())) return outcome(m.id, RollResult::kInterrupted, "interrupted before the lease");
    return failed(m.id, lease.error());
  }
  const std::string nonce = lease->nonce;
  MachineOutcome out = outcome(m.id, RollResult::kFailed);
  auto release = [&] {
    if (auto st = fly_.release_lease(app, m.id, nonce); !st.ok())
      spdlog::warn("machine {}: lease not released ({}); it expires on its own", m.id, st.error().message);
  };

  auto current = fly_.get(app, m.id);
  if (!current.ok()) {
    if (cancelled(current.error())) await_cleanup();
    release();
    if (cancelled(current.error())) return outcome(m.id, RollResult::kInterrupted, current.error().message);
    return failed(m.id, current.error());
  }
  if (on_pin(*current, target_.pin_digest)) {
    release();
    return outcome(m.id, RollResult::kAlreadyOnPin);
  }
  const bool parked_now = is_parked(current->state);
  if (kind == Kind::kParked && !parked_now) {
    release();
    return outcome(m.id, RollResult::kChanged, "now " + current->state + ": left alone");
  }
  auto config = fly::config_with_image(current->config_json, target_.pinned_image);
  if (!config.ok()) {
    release();
    return failed(m.id, config.error());
  }
  fly::UpdateRequest update{.config_json = *config,
                            .skip_launch = parked_now ? fly::SkipLaunch::kYes : fly::SkipLaunch::kNo,
                            .current_version = current->instance_id,
                            .lease_nonce = nonce};
  auto updated = fly_.update(app, m.id, update);
  if (!updated.ok()) {
    const core::Error& e = updated.error();
    if (cancelled(e)) {
      await_cleanup();
      out = outcome(m.id, RollResult::kInterrupted, "interrupted during the update; run again to finish");
    } else if (e.http_status == 412) {
      out = outcome(m.id, RollResult::kChanged, "its version changed meanwhile: left alone");
    } else if (e.http_status == 409) {
      out = outcome(m.id, RollResult::kLeased, "held by another lease");
    } else {
      out = failed(m.id, e);
    }
    release();
    return out;
  }
  if (parked_now) {
    release();
    return outcome(m.id, RollResult::kUpdated);
  }
  if (auto why = healthy(m.id, updated->instance_id); !why.empty()) {
    out = outcome(m.id, RollResult::kFailed, why);
    restore(m.id, current->config_json, updated->instance_id, nonce, out);
    release();
    return out;
  }
  release();
  return outcome(m.id, RollResult::kUpdated);
}

std::string MachineRoll::healthy(const std::string& id, const std::string& version) {
  const auto deadline = clock_.now() + target_.wait_timeout;
  fly::WaitOptions wait{.state = fly::DesiredState::kStarted, .instance_id = version, .deadline = deadline};
  if (auto st = fly_.wait(target_.app, id, wait); !st.ok()) return "not started on the pin: " + st.error().message;
  std::string last;
  while (clock_.now() < deadline) {
    auto m = fly_.get(target_.app, id);
    if (!m.ok()) return m.error().message;
    if (m->state != "started") return "state " + m->state + " after starting on the pin";
    bool passing = true;
    last.clear();
    for (const auto& c : m->checks) {
      passing = passing && c.status == "passing";
      if (c.status != "passing") last = "check " + c.name + " " + c.status + ": " + c.output;
    }
    if (passing) return "";
    if (!clock_.sleep_for(1s)) return "interrupted while waiting for its checks";
  }
  return "checks not passing within " + std::to_string(target_.wait_timeout.count()) + "s (" + last + ")";
}

void MachineRoll::restore(const std::string& id, const std::string& config_json, const std::string& version,
                          const std::string& nonce, MachineOutcome& out) {
  spdlog::warn("machine {}: {}; restoring its previous config", id, out.detail);
  fly::UpdateRequest back{.config_json = config_json, .current_version = version, .lease_nonce = nonce};
  auto restored = fly_.update(target_.app, id, back);
  if (!restored.ok()) {
    out.detail += "; restoring its previous config failed: " + restored.error().message;
    return;
  }
  fly::WaitOptions wait{.state = fly::DesiredState::kStarted,
                        .instance_id = restored->instance_id,
                        .deadline = clock_.now() + target_.wait_timeout};
  if (auto st = fly_.wait(target_.app, id, wait); !st.ok()) {
    out.detail += "; its previous config was restored but it did not start: " + st.error().message;
    return;
  }
  out.restored = true;
}

}  // namespace flypin::cmd::roll_machines
