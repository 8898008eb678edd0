#pragma once
// Human logs on stderr through spdlog, every line passed through redact() and
// one_log_line() (core/log_line.h): one record, one line, no workflow command.

#include <spdlog/spdlog.h>

#include "core/environment.h"

namespace flypin::core {

/// Configure the default logger once: stderr, redacting, debug level when
/// RUNNER_DEBUG=1 or FLYPIN_DEBUG=1. `program` prefixes warnings and errors.
void setup_logging(const std::string& program, const Environment& env);

}  // namespace flypin::core
