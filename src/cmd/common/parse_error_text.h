#pragma once
// A bad command line in the user's words. CLI11's own ("--cpus: At Most 1
// required but received 2") name no remedy.

#include <CLI/CLI.hpp>
#include <string>

namespace flypin::cmd {

/// One line for a CLI11 parse error: a flag given twice, a flag without its
/// value; anything else as CLI11 says it ("The following argument was not
/// expected: --nope").
std::string parse_error_text(const CLI::ParseError& error, const CLI::App& app);

}  // namespace flypin::cmd
