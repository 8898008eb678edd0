#pragma once
// The command line every program shares: a CLI11 app with --version and
// --json, and parsing that fails with one line and exit 2, as JSON too when
// --json was asked for. The program's own flags reach CLI11 as raw strings
// and switches; their ranges and choices are validate()'s (plan.h).

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "cmd/common/cli_fwd.h"
#include "cmd/common/finish.h"

namespace flypin::cmd {

/// What parse_flags read beyond the program's own flags.
struct ParsedFlags {
  JsonOutput json = JsonOutput::kNone;
  /// Set when the program stops here: 0 after --help or --version, 2 after a bad flag.
  std::optional<int> exit;
};

/// Destroys an app where CLI11 is compiled (flags.cc), so that a main that
/// owns one does not compile CLI11 again (cli_fwd.h).
struct AppDeleter {
  void operator()(CLI::App* app) const;
};
using AppPtr = std::unique_ptr<CLI::App, AppDeleter>;

/// A CLI11 app with --version and the program's conventions.
AppPtr make_app(const std::string& program, const std::string& description);

/// Adds --json (after the program's own flags, where --help lists it) and
/// parses argv. --help and --version print to `out` and exit 0; a bad flag is
/// one line on the log (and with --json, one JSON object with the `error` on
/// `out`) and exit 2.
ParsedFlags parse_flags(CLI::App& app, int argc, char** argv, std::FILE* out = stdout);

}  // namespace flypin::cmd
