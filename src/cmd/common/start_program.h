#pragma once
// What every program does before it reads a flag: masks, logging, signals;
// and how it says on stderr what is being retried.

#include <string>

#include "core/environment.h"
#include "core/retry.h"
#include "gha/actions_io.h"

namespace flypin::cmd {

/// Start-up every program shares: mask every token flypin may read before
/// anything is printed, log to stderr, and catch SIGINT/SIGTERM.
void start_program(const std::string& program, const core::Environment& env, gha::ActionsIO& io);

/// A retry observer that says on stderr what is being retried and when.
core::RetryObserver log_retries();

}  // namespace flypin::cmd
