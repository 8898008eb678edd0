#pragma once
// What every program shares around its run() (cmd/common/run_program.h):
// flag parsing that fails with one line and exit 2, logging setup, and the
// one writer of results (--json, GITHUB_OUTPUT, step summary, ::error
// annotations).

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "cmd/common/outputs.h"
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
/// Also notes whether --json was asked for (json_stdout()), from argv itself,
/// so that even a bad flag is reported as JSON.
std::optional<int> parse_flags(CLI::App& app, int argc, char** argv);

/// --json among the flags (before any `--`), unless given as false.
bool json_flag_in(int argc, char** argv);
/// What parse_flags found: stdout carries one JSON object, success or not.
bool json_stdout();

/// A run's last step. On success: write the outputs and the step summary
/// (with --json, the outputs on stdout) and return 0. On failure: log the
/// error and annotate it under Actions, write the outputs known so far and
/// the summary, with --json print them with the `error`, and return the exit
/// status of the error.
int finish(gha::ActionsIO& io, const std::string& program, const Finished& finished);

/// finish() of a run that failed before it had results (usage errors).
int report_failure(gha::ActionsIO& io, const std::string& program, const core::Error& error);

/// The `error` member of --json output: message, kind, exit-status (and the
/// API and HTTP status when known).
core::json::FlatObject error_json(const core::Error& error, int exit_status);

/// Reject a flag value that must not be empty, as a usage error.
std::optional<core::Error> require_flag(const std::string& value, const std::string& flag);

}  // namespace flypin::cmd
