#include "cmd/smoke-machine/cleanup.h"

#include <spdlog/spdlog.h>

#include "core/interrupt.h"
#include "fly/guarded_create.h"

namespace flypin::cmd::smoke_machine {

using namespace std::chrono_literals;

std::string destroy_command(const std::string& app, const std::string& id) {
  return "fly machine destroy " + id + " --app " + app + " --force";
}

std::string Leftover::describe(const std::string& app) const {
  if (id.empty()) {
    return "machine " + name + " may have been created and could not be looked up (" + reason +
           "); find it with: fly machine list --app " + app + " (metadata " + fly::markers::kCreate + "=" + marker +
           ") and destroy it";
  }
  return "machine " + id + " (" + name + ") was NOT destroyed (" + reason +
         "); remove it with: " + destroy_command(app, id);
}

namespace {

fly::ClientSettings retrying_until(fly::ClientSettings settings, core::Clock::TimePoint deadline) {
  settings.retry = core::RetryPolicy::until(deadline);
  return settings;
}

}  // namespace

Cleanup::Cleanup(const Plan& plan, Deps& deps)
    : plan_(plan),
      deps_(deps),
      deadline_(deps.clock.now() + plan.cleanup_timeout),
      fly_(deps.http, deps.clock, retrying_until(plan.fly, deadline_)) {
  // Cleanup runs to its end even after a signal; the signal still decides the exit status.
  core::suspend_interrupt_for_cleanup();
}

core::Status Cleanup::destroy(const std::string& id) {
  while (true) {
    if (auto st = fly_.destroy(plan_.app, id); !st.ok()) return st;
    fly::WaitOptions wait;
    wait.state = fly::DesiredState::kDestroyed;
    wait.deadline = deadline_;
    wait.per_call = 10s;
    if (auto st = fly_.wait(plan_.app, id, wait); !st.ok()) return st;
    auto m = fly_.get(plan_.app, id);
    if (!m.ok()) return m.error().kind == core::ErrorKind::kNotFound ? core::ok_status() : core::Status(m.error());
    if (m->state == "destroyed") return core::ok_status();
    if (deps_.clock.now() >= deadline_) {
      return core::Error::check("machine " + id + " is still " + m->state + " after destroy");
    }
    spdlog::warn("machine {} is still {} after destroy: destroying it again", id, m->state);
    if (!deps_.clock.sleep_for(1s)) return core::Error::cancelled();
  }
}

core::Result<std::optional<std::string>> Cleanup::find(const std::string& name, const std::string& marker,
                                                       std::chrono::milliseconds patience) {
  const auto believe_after = deps_.clock.now() + patience;
  while (true) {
    auto found = fly::find_created(fly_, plan_.app, name, marker);
    if (!found.ok()) return found.error();
    if (found->has_value()) return std::optional<std::string>((*found)->id);
    const auto now = deps_.clock.now();
    if (now >= believe_after || now >= deadline_) return std::optional<std::string>();
    if (!deps_.clock.sleep_for(1s)) return core::Error::cancelled();
  }
}

}  // namespace flypin::cmd::smoke_machine
