#include "cmd/common/finish.h"

#include <spdlog/spdlog.h>

#include "core/exit_status.h"
#include "core/log_line.h"
#include "core/redact.h"

namespace flypin::cmd {
namespace {

// Results, in their order, to GITHUB_OUTPUT.
core::Status write_outputs(gha::ActionsIO& io, const OutputList& outputs) {
  for (const auto& output : outputs) {
    if (auto st = io.set_output(output.name, output_text(output.value)); !st.ok()) return st;
  }
  return core::ok_status();
}

int finish_failed(gha::ActionsIO& io, const Reporting& reporting, const core::Error& error, const OutputList& outputs,
                  const std::string& summary_markdown) {
  const std::string line = error.describe();
  spdlog::error("{}", line);
  if (error.kind != core::ErrorKind::kCancelled) io.error_annotation(reporting.program + " failed", line);
  const int status = static_cast<int>(core::exit_status_for(error));
  // Best effort: the run has failed already, and says so above.
  (void)write_outputs(io, outputs);
  if (!summary_markdown.empty()) (void)io.append_summary(summary_markdown);
  if (reporting.json == JsonOutput::kStdout) {
    print_json(reporting.out, outputs_json(outputs).add("error", error_json(error, status)));
  }
  return status;
}

}  // namespace

void print_json(std::FILE* out, const core::json::FlatObject& object) {
  // Stdout is read for workflow commands like stderr: the JSON line carries no "##[" (core/log_line.h).
  std::string line = core::command_free_json(core::redact(object.str())) + "\n";
  std::fputs(line.c_str(), out);
  std::fflush(out);
}

int finish(gha::ActionsIO& io, const Reporting& reporting, const Finished& finished) {
  const auto& [outputs, summary, error] = finished;
  // A failed run still says what it left behind (outputs, summary, --json),
  // and its error is the last line.
  if (error) return finish_failed(io, reporting, *error, outputs, summary);
  if (auto st = write_outputs(io, outputs); !st.ok()) return finish_failed(io, reporting, st.error(), outputs, "");
  if (auto st = io.append_summary(summary); !st.ok()) return finish_failed(io, reporting, st.error(), outputs, "");
  if (reporting.json == JsonOutput::kStdout) print_json(reporting.out, outputs_json(outputs));
  return 0;
}

int report_failure(gha::ActionsIO& io, const Reporting& reporting, const core::Error& error) {
  return finish_failed(io, reporting, error, {}, "");
}

core::json::FlatObject error_json(const core::Error& error, int exit_status) {
  core::json::FlatObject object;
  object.add("message", error.describe()).add("kind", core::error_kind_name(error.kind));
  object.add("exit-status", static_cast<long long>(exit_status));
  if (!error.api.empty()) object.add("api", error.api);
  if (error.http_status != 0) object.add("http-status", static_cast<long long>(error.http_status));
  return object;
}

}  // namespace flypin::cmd
