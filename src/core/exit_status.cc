#include "core/exit_status.h"

#include <csignal>

#include "core/interrupt.h"

namespace flypin::core {

ExitStatus exit_status_after_signal(ExitStatus otherwise) {
  switch (interrupt_signal()) {
    case SIGINT:
      return ExitStatus::kInterrupted;
    case SIGTERM:
      return ExitStatus::kTerminated;
    default:
      return otherwise;
  }
}

ExitStatus exit_status_for(const Error& error) {
  if (error.kind == ErrorKind::kUsage) return ExitStatus::kUsage;
  return exit_status_after_signal(ExitStatus::kFailed);
}

}  // namespace flypin::core
