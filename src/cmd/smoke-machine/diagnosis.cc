#include "cmd/smoke-machine/diagnosis.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace flypin::cmd::smoke_machine {

void log_events(const std::vector<fly::Event>& events) {
  if (events.empty()) return;
  spdlog::info("recent events of the machine (oldest first):");
  const size_t n = std::min<size_t>(events.size(), 10);
  for (size_t i = n; i-- > 0;) spdlog::info("  {}", events[i].describe());
}

core::Error machine_failed(const fly::Machine& m, const std::string& phase) {
  std::string message;
  auto failed = fly::first_failed_event(m.events);
  auto exit = fly::last_exit_event(m.events);
  if (failed && !failed->error.empty()) {
    message = "machine " + m.id + " failed to launch " + phase + ": " + failed->error;
  } else if (exit && exit->exit) {
    message = "machine " + m.id + " exited with code " + std::to_string(exit->exit->exit_code) +
              (exit->exit->oom_killed ? " (killed: out of memory)" : "") + " " + phase + ": state " + m.state;
  } else {
    message = "machine " + m.id + " is " + (m.state.empty() ? "gone" : m.state) + " " + phase;
  }
  for (const auto& c : m.checks) {
    if (!c.output.empty()) message += "; check " + c.name + " " + c.status + ": " + c.output;
  }
  auto error = core::Error::check(message);
  error.api = "Fly Machines API";
  return error;
}

core::Error health_failing(const fly::Machine& m, const std::string& path, int port, const std::string& waited) {
  std::string message = "process up, " + path + " failing on port " + std::to_string(port) + " after " + waited;
  if (m.checks.empty()) {
    message += " (no check result reported yet)";
  }
  for (const auto& c : m.checks) {
    message += "; check " + c.name + " " + c.status + (c.output.empty() ? "" : ": " + c.output);
  }
  return core::Error::check(message);
}

}  // namespace flypin::cmd::smoke_machine
