#pragma once
// SIGINT/SIGTERM handling. The handler only records the signal and wakes
// sleepers; cleanup runs on the main path, which then exits 130 or 143.
// SIGPIPE is caught and dropped: a closed stdout or stderr makes writes fail,
// and the program goes on to finish and clean up.
// A GitHub runner cancels a step with SIGINT, then SIGTERM 7.5 s later, then
// SIGKILL 2.5 s after that: cleanup may outlast the first signal, never the
// second. A second signal ends any suspension or deferral at once, so every
// call and sleep stops within a second and the program writes what it
// leaves behind while it still can.

#include <chrono>

namespace flypin::core {

/// Install handlers for SIGINT, SIGTERM and SIGPIPE (idempotent).
void install_interrupt_handlers();
/// True once SIGINT or SIGTERM arrived (unless cleanup suspended it, or a
/// deferral holds it, and no second signal came).
bool interrupted();
/// True once a second signal arrived: nothing may be retried or waited for any more.
bool urgent();
/// The signal that arrived, or 0.
int interrupt_signal();
/// "SIGINT" or "SIGTERM", for messages.
const char* signal_name(int signal);
/// Sleep up to `duration`; returns early (false) when a signal arrives.
bool interruptible_sleep(std::chrono::milliseconds duration);
/// Cleanup must run even after a signal: this lets it make requests again
/// while leaving interrupt_signal() intact for the exit status.
void suspend_interrupt_for_cleanup();
/// While one lives, a first signal is recorded (interrupt_signal()) but does
/// not interrupt: the work in hand (a canary being proven) is finished or put
/// back before the program stops. A second signal interrupts all the same.
class InterruptDeferral {
 public:
  InterruptDeferral();
  ~InterruptDeferral();
  InterruptDeferral(const InterruptDeferral&) = delete;
  InterruptDeferral& operator=(const InterruptDeferral&) = delete;
};
/// For tests.
void reset_interrupt();

}  // namespace flypin::core
