#pragma once
// Says what the machine is doing while we wait: every state or check change,
// with the elapsed time, and a heartbeat line when nothing changes.

#include <chrono>
#include <string>

#include "core/clock.h"
#include "fly/machine.h"

namespace flypin::cmd::smoke_machine {

class Progress {
 public:
  Progress(core::Clock& clock, core::Clock::TimePoint start) : clock_(clock), start_(start), last_line_(start) {}

  /// Log what changed since the last observation.
  void observe(const fly::Machine& machine);
  void note(const std::string& what);
  std::chrono::milliseconds elapsed() const;

 private:
  core::Clock& clock_;
  core::Clock::TimePoint start_;
  core::Clock::TimePoint last_line_;
  std::string state_;
  std::string check_;
};

std::string format_ms(std::chrono::milliseconds ms);

}  // namespace flypin::cmd::smoke_machine
