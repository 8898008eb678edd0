#include "cmd/smoke-machine/progress.h"

#include <spdlog/spdlog.h>

#include "core/duration.h"

namespace flypin::cmd::smoke_machine {

using namespace std::chrono_literals;

std::string format_ms(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fs", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

std::chrono::milliseconds Progress::elapsed() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - start_);
}

void Progress::note(const std::string& what) {
  spdlog::info("[{}] {}", format_ms(elapsed()), what);
  last_line_ = clock_.now();
}

void Progress::observe(const fly::Machine& machine) {
  std::string check;
  for (const auto& c : machine.checks) {
    check += c.name + " " + c.status;
    if (c.status != "passing" && !c.output.empty()) check += " (" + c.output + ")";
  }
  if (machine.state != state_) {
    note("machine " + machine.id + " is " + machine.state);
    state_ = machine.state;
  }
  if (check != check_) {
    if (!check.empty()) note("check " + check);
    check_ = check;
  }
  if (clock_.now() - last_line_ >= 10s) {
    note("still waiting: machine " + state_ + (check_.empty() ? "" : ", check " + check_));
  }
}

}  // namespace flypin::cmd::smoke_machine
