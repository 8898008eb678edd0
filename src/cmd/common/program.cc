#include "cmd/common/program.h"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "core/interrupt.h"
#include "core/log.h"
#include "core/redact.h"

namespace flypin::cmd {

void start_program(const std::string& program, const core::Environment& env, gha::ActionsIO& io) {
  for (const char* name : {"SUPABASE_ACCESS_TOKEN", "REGISTRY_PASSWORD", "FLY_API_TOKEN", "FLY_ACCESS_TOKEN"}) {
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

std::optional<int> parse_flags(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), stdout);
    return 0;
  } catch (const CLI::CallForVersion& e) {
    std::printf("%s\n", e.what());
    return 0;
  } catch (const CLI::ParseError& e) {
    // Through the log, like every other line: a flag value may carry a newline.
    spdlog::error("{} (see --help)", e.what());
    return static_cast<int>(core::ExitStatus::kUsage);
  }
  return std::nullopt;
}

core::Status emit_outputs(gha::ActionsIO& io, const core::json::FlatObject& outputs, bool json_stdout) {
  if (json_stdout) {
    std::string line = core::redact(outputs.str()) + "\n";
    std::fputs(line.c_str(), stdout);
    std::fflush(stdout);
  }
  for (const auto& [key, encoded] : outputs.raw()) {
    // FlatObject stores JSON literals; outputs want the plain text.
    std::string value = encoded;
    if (value.size() >= 2 && value.front() == '"') {
      auto doc = core::json::parse(value, "output");
      if (doc.ok() && doc->IsString()) value = doc->GetString();
    }
    if (auto st = io.set_output(key, value); !st.ok()) return st;
  }
  return core::ok_status();
}

int finish(gha::ActionsIO& io, const std::string& program, const core::json::FlatObject& outputs, bool json_stdout,
           const std::string& summary_markdown) {
  if (auto st = emit_outputs(io, outputs, json_stdout); !st.ok()) return report_failure(io, program, st.error());
  if (auto st = io.append_summary(summary_markdown); !st.ok()) return report_failure(io, program, st.error());
  return 0;
}

int report_failure(gha::ActionsIO& io, const std::string& program, const core::Error& error) {
  std::string line = error.describe();
  spdlog::error("{}", line);
  if (error.kind != core::ErrorKind::kCancelled) io.error_annotation(program + " failed", line);
  return static_cast<int>(core::exit_status_for(error));
}

std::optional<core::Error> require_flag(const std::string& value, const std::string& flag) {
  if (!value.empty()) return std::nullopt;
  return core::Error::usage(flag + " is required");
}

}  // namespace flypin::cmd
