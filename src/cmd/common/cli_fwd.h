#pragma once
// CLI11 is header-only and heavy: a file that includes <CLI/CLI.hpp> compiles
// its validators, and one that destroys a CLI::App compiles all of it. Only the
// files that add or parse flags (flags.cc, each program's options.cc)
// include it; every other file names the app through this declaration.

namespace CLI {
class App;
}  // namespace CLI
