#include "cmd/common/program.h"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "core/fly_token.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "core/redact.h"

namespace flypin::cmd {
namespace {

// Set once by parse_flags, before anything could fail: whether stdout is ours
// for one JSON object.
bool g_json_stdout = false;

void print_json(const core::json::FlatObject& object) {
  std::string line = core::redact(object.str()) + "\n";
  std::fputs(line.c_str(), stdout);
  std::fflush(stdout);
}

// Results, in their order, to GITHUB_OUTPUT.
core::Status write_outputs(gha::ActionsIO& io, const OutputList& outputs) {
  for (const auto& output : outputs) {
    if (auto st = io.set_output(output.name, output_text(output.value)); !st.ok()) return st;
  }
  return core::ok_status();
}

int finish_failed(gha::ActionsIO& io, const std::string& program, const core::Error& error, const OutputList& outputs,
                  const std::string& summary_markdown) {
  const std::string line = error.describe();
  spdlog::error("{}", line);
  if (error.kind != core::ErrorKind::kCancelled) io.error_annotation(program + " failed", line);
  const int status = static_cast<int>(core::exit_status_for(error));
  // Best effort: the run has failed already, and says so above.
  (void)write_outputs(io, outputs);
  if (!summary_markdown.empty()) (void)io.append_summary(summary_markdown);
  if (g_json_stdout) print_json(outputs_json(outputs).add("error", error_json(error, status)));
  return status;
}

}  // namespace

void start_program(const std::string& program, const core::Environment& env, gha::ActionsIO& io) {
  for (const char* name : {"SUPABASE_ACCESS_TOKEN", "REGISTRY_PASSWORD"}) {
    if (auto value = env.get(name)) io.mask(*value);
  }
  for (auto name : core::kFlyTokenVariables) {
    if (auto value = env.get(name)) io.mask(*value);
  }
  core::setup_logging(program, env);
  core::install_interrupt_handlers();
}

core::RetryObserver log_retries() {
  return [](const core::HttpRequest& r, int attempt, std::chrono::milliseconds delay, const std::string& why) {
    spdlog::warn("{}: {} {} gave {} (attempt {}), retrying in {} ms", r.api.empty() ? "request" : r.api, r.method,
                 core::redact_url(r.url), why, attempt, delay.count());
  };
}

std::unique_ptr<CLI::App> make_app(const std::string& program, const std::string& description) {
  auto app = std::make_unique<CLI::App>(description, program);
  app->set_version_flag("--version", program + " " FLYPIN_VERSION);
  app->option_defaults()->always_capture_default();
  app->get_formatter()->column_width(34);
  return app;
}

bool json_flag_in(int argc, char** argv) {
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "--json") json = true;
    if (arg.starts_with("--json=")) {
      const auto value = arg.substr(7);
      json = !(value == "false" || value == "0" || value == "no" || value == "off");
    }
  }
  return json;
}

bool json_stdout() { return g_json_stdout; }

std::optional<int> parse_flags(CLI::App& app, int argc, char** argv) {
  g_json_stdout = json_flag_in(argc, argv);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const CLI::CallForVersion& e) {
    std::printf("%s\n", e.what());
    return 0;
  } catch (const CLI::ParseError& e) {
    const std::string message = core::redact(e.what());
    // Through the log, like every other line: a flag value may carry a newline.
    spdlog::error("{} (see --help)", message);
    const int status = static_cast<int>(core::ExitStatus::kUsage);
    if (g_json_stdout) {
      print_json(core::json::FlatObject().add("error", error_json(core::Error::usage(message), status)));
    }
    return status;
  }
  return std::nullopt;
}

int finish(gha::ActionsIO& io, const std::string& program, const Finished& finished) {
  const auto& [outputs, summary, error] = finished;
  // A failed run still says what it left behind (outputs, summary, --json),
  // and its error is the last line.
  if (error) return finish_failed(io, program, *error, outputs, summary);
  if (auto st = write_outputs(io, outputs); !st.ok()) return finish_failed(io, program, st.error(), outputs, "");
  if (auto st = io.append_summary(summary); !st.ok()) return finish_failed(io, program, st.error(), outputs, "");
  if (g_json_stdout) print_json(outputs_json(outputs));
  return 0;
}

int report_failure(gha::ActionsIO& io, const std::string& program, const core::Error& error) {
  return finish_failed(io, program, error, {}, "");
}

core::json::FlatObject error_json(const core::Error& error, int exit_status) {
  core::json::FlatObject object;
  object.add("message", error.describe()).add("kind", core::error_kind_name(error.kind));
  object.add("exit-status", static_cast<long long>(exit_status));
  if (!error.api.empty()) object.add("api", error.api);
  if (error.http_status != 0) object.add("http-status", static_cast<long long>(error.http_status));
  return object;
}

std::optional<core::Error> require_flag(const std::string& value, const std::string& flag) {
  if (!value.empty()) return std::nullopt;
  return core::Error::usage(flag + " is required");
}

}  // namespace flypin::cmd
