#pragma once
// SIGINT/SIGTERM handling. The handler only records the signal and wakes
// sleepers; cleanup runs on the main path, which then exits 130 or 143.
// SIGPIPE is caught and dropped: a closed stdout or stderr makes writes fail,
// and the program goes on to finish and clean up.

#include <chrono>

namespace flypin::core {

/// Install handlers for SIGINT, SIGTERM and SIGPIPE (idempotent).
void install_interrupt_handlers();
/// True once SIGINT or SIGTERM arrived.
bool interrupted();
/// The signal that arrived, or 0.
int interrupt_signal();
/// "SIGINT" or "SIGTERM", for messages.
const char* signal_name(int signal);
/// Sleep up to `duration`; returns early (false) when a signal arrives.
bool interruptible_sleep(std::chrono::milliseconds duration);
/// Cleanup must run even after a signal: this lets it make requests again
/// while leaving interrupt_signal() intact for the exit status.
void suspend_interrupt_for_cleanup();
/// For tests.
void reset_interrupt();

}  // namespace flypin::core
