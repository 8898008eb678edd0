#include "cmd/roll-machines/health_wait.h"

#include "fly/health.h"

namespace flypin::cmd::roll_machines {
namespace {

using namespace std::chrono_literals;

constexpr auto kPoll = 1s;
// Without checks, "healthy" is "still started this much later" (flyctl waits 10 s for a crash loop).
constexpr auto kStableWithoutChecks = 3s;

bool settling(const std::string& state) {
  return state == "starting" || state == "replacing" || state == "updating" || state == "created";
}

HealthOutcome unhealthy(std::string why) { return {WaitEnd::kUnhealthy, std::move(why)}; }

HealthOutcome failed(const core::Error& e, const std::string& what) {
  if (e.kind == core::ErrorKind::kCancelled) return {WaitEnd::kInterrupted, "interrupted " + what};
  return unhealthy(e.message);
}

}  // namespace

HealthOutcome wait_healthy(fly::Client& fly, core::Clock& clock, const HealthWait& w) {
  fly::WaitOptions started{.state = fly::DesiredState::kStarted, .instance_id = w.version, .deadline = w.deadline};
  started.between = w.between;
  if (auto st = fly.wait(w.app, w.id, started); !st.ok()) {
    if (st.error().kind == core::ErrorKind::kCancelled) return failed(st.error(), "while waiting for it to start");
    return unhealthy("not started on the pin: " + st.error().message);
  }
  const auto started_at = clock.now();
  std::string last = "no read yet";
  while (true) {
    if (w.between) {
      if (auto st = w.between(); !st.ok()) return failed(st.error(), "while keeping its lease");
    }
    auto m = fly.get(w.app, w.id);
    if (!m.ok()) return failed(m.error(), "while reading it");
    if (m->instance_id != w.version)
      return unhealthy("it runs version " + m->instance_id + ", not " + w.version + " (reverted or replaced)");
    if (m->state == "started") {
      const auto since = clock.now() - started_at;
      const auto settle = std::max<std::chrono::milliseconds>(fly::settle_time(m->config), 0ms);
      const bool no_checks = m->config.checks.empty() && m->config.service_checks == 0;
      const bool settled = since >= (no_checks ? std::chrono::milliseconds(kStableWithoutChecks) : settle);
      auto verdict = fly::health_of(*m, settled ? fly::Settled::kYes : fly::Settled::kNo);
      if (verdict.health == fly::Health::kHealthy) return {WaitEnd::kHealthy, ""};
      last = verdict.why;
    } else if (settling(m->state)) {
      last = "state " + m->state;  // a read behind the wait: wait it out
    } else {
      return unhealthy("state " + m->state + " after it started");
    }
    if (clock.now() >= w.deadline) break;
    if (!clock.sleep_for(kPoll)) return {WaitEnd::kInterrupted, "interrupted while waiting for its checks"};
  }
  return unhealthy("not healthy by its --wait-timeout (" + last + ")");
}

}  // namespace flypin::cmd::roll_machines
