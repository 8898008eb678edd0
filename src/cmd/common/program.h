#pragma once
// What the three programs share around their run(): flag parsing that fails
// with one line and exit 2, logging setup, and result emission (--json,
// GITHUB_OUTPUT, step summary, ::error annotations).

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "core/environment.h"
#include "core/error.h"
#include "core/exit_status.h"
#include "core/json.h"
#include "core/retry.h"
#include "gha/actions_io.h"

namespace flypin::cmd {

/// Start-up every program shares: mask every token flypin may read before
/// anything is printed, log to stderr, and catch SIGINT/SIGTERM.
void start_program(const std::string& program, const core::Environment& env, gha::ActionsIO& io);

/// A retry observer that says on stderr what is being retried and when.
core::RetryObserver log_retries();

/// A CLI11 app with --version and the program's conventions.
std::unique_ptr<CLI::App> make_app(const std::string& program, const std::string& description);

/// Parse argv; on --help/--version prints and returns 0, on a bad flag prints
/// one line and returns 2; returns nullopt when the program should go on.
std::optional<int> parse_flags(CLI::App& app, int argc, char** argv);

/// Results, in the order they were added, to stdout (--json) and GITHUB_OUTPUT.
core::Status emit_outputs(gha::ActionsIO& io, const core::json::FlatObject& outputs, bool json_stdout);

/// A run's last step: emit the results, append the step summary, and return 0,
/// or report what failed and return its exit status.
int finish(gha::ActionsIO& io, const std::string& program, const core::json::FlatObject& outputs, bool json_stdout,
           const std::string& summary_markdown);

/// Log the error, annotate it under Actions, and return the exit status.
int report_failure(gha::ActionsIO& io, const std::string& program, const core::Error& error);

/// Reject a flag value that must not be empty, as a usage error.
std::optional<core::Error> require_flag(const std::string& value, const std::string& flag);

}  // namespace flypin::cmd
