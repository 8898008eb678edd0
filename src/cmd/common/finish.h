#pragma once
// A run's last step, the one writer of its results: GITHUB_OUTPUT, the step
// summary, --json on stdout, the ::error annotation, and the exit status.

#include <cstdio>
#include <string>

#include "cmd/common/outputs.h"
#include "core/error.h"
#include "core/json.h"
#include "gha/actions_io.h"

namespace flypin::cmd {

/// --json: stdout carries one JSON object, success or not.
enum class JsonOutput { kNone, kStdout };

/// How a run reports, beside GITHUB_OUTPUT and the step summary.
struct Reporting {
  std::string program;                  // titles the ::error annotation
  JsonOutput json = JsonOutput::kNone;  // as parse_flags (flags.h) read it
  std::FILE* out = stdout;              // where --json's object goes
};

/// On success: write the outputs and the step summary (with --json, the
/// outputs on `out`) and return 0. On failure: log the error and annotate it
/// under Actions, write the outputs known so far and the summary, with --json
/// print them with the `error`, and return the exit status of the error.
int finish(gha::ActionsIO& io, const Reporting& reporting, const Finished& finished);

/// finish() of a run that failed before it had results (usage errors).
int report_failure(gha::ActionsIO& io, const Reporting& reporting, const core::Error& error);

/// The `error` member of --json output: message, kind, exit-status (and the
/// API and HTTP status when known).
core::json::FlatObject error_json(const core::Error& error, int exit_status);

/// One JSON object on one line of `out`, redacted.
void print_json(std::FILE* out, const core::json::FlatObject& object);

}  // namespace flypin::cmd
