#pragma once

#include "core/error.h"

namespace flypin::core {

enum class ExitStatus : int {
  kSuccess = 0,
  kFailed = 1,         // the operation or the check failed
  kUsage = 2,          // bad flag, bad input, missing token: before any network call
  kInterrupted = 130,  // SIGINT, after cleanup
  kTerminated = 143,   // SIGTERM, after cleanup
};

/// Map an error (and any signal that arrived) to the exit status.
ExitStatus exit_status_for(const Error& error);
/// The status when a signal arrived, else `otherwise`.
ExitStatus exit_status_after_signal(ExitStatus otherwise);

}  // namespace flypin::core
