#include "cmd/common/flags.h"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "cmd/common/parse_error_text.h"
#include "core/exit_status.h"
#include "core/redact.h"
#include "core/version.h"

namespace flypin::cmd {
namespace {

const std::string kJsonHelp = "Print the results as one JSON object on stdout";

// --json as CLI11 read it: CLI11 reads every argument before it throws, so
// this holds on a bad command line too. A value that is no boolean
// (--json=maybe) still asks for JSON, and is a bad flag of its own.
JsonOutput json_output(const CLI::Option& json, std::optional<std::string>& bad_flag) {
  if (json.count() == 0) return JsonOutput::kNone;
  try {
    return json.as<bool>() ? JsonOutput::kStdout : JsonOutput::kNone;
  } catch (const CLI::ParseError&) {
    if (!bad_flag) bad_flag = "--json takes no value other than true or false";
    return JsonOutput::kStdout;
  }
}

}  // namespace

void AppDeleter::operator()(CLI::App* app) const { delete app; }

AppPtr make_app(const std::string& program, const std::string& description) {
  AppPtr app(new CLI::App(description, program));
  app->set_version_flag("--version", program + " " + core::version());
  app->option_defaults()->always_capture_default();
  app->get_formatter()->column_width(34);
  return app;
}

ParsedFlags parse_flags(CLI::App& app, int argc, char** argv, std::FILE* out) {
  const CLI::Option& json = *app.add_flag("--json", kJsonHelp);
  ParsedFlags parsed;
  std::optional<std::string> bad_flag;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::fputs(app.help().c_str(), out);
    parsed.exit = 0;
    return parsed;
  } catch (const CLI::CallForVersion& e) {
    std::fprintf(out, "%s\n", e.what());
    parsed.exit = 0;
    return parsed;
  } catch (const CLI::ParseError& e) {
    bad_flag = parse_error_text(e, app);
  }
  parsed.json = json_output(json, bad_flag);
  if (!bad_flag) return parsed;

  const std::string message = core::redact(*bad_flag);
  // Through the log, like every other line: a flag value may carry a newline.
  spdlog::error("{} (see --help)", message);
  const int status = static_cast<int>(core::ExitStatus::kUsage);
  if (parsed.json == JsonOutput::kStdout) {
    print_json(out, core::json::FlatObject().add("error", error_json(core::Error::usage(message), status)));
  }
  parsed.exit = status;
  return parsed;
}

}  // namespace flypin::cmd
