#pragma once
// Runs a built program the way a workflow step does (only the environment we
// give it) and measures what a hostile server cost it: wall time and peak
// memory (wait4's ru_maxrss), and whether a signal ended it.

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace flypin::hostile {

struct MeasuredRun {
  int exit_code = -1;  // 128+n when killed by signal n; -1 when it outlived the limit (then killed)
  std::string out;
  std::string err;
  std::chrono::milliseconds elapsed{0};
  long max_rss_kib = 0;
  /// Peak memory of the same program's --version: what starting costs before
  /// any server does (in the sanitizer tree ASan's runtime and shadow, ~40 MiB).
  long start_rss_kib = 0;
};

/// Runs FLYPIN_BIN_DIR/<program>; kills it after `limit`. PATH and HOME get
/// harmless defaults unless `env` sets them.
MeasuredRun run_measured(const std::string& program, const std::vector<std::string>& args,
                         std::map<std::string, std::string> env,
                         std::chrono::milliseconds limit = std::chrono::seconds(120));

/// Non-blank lines of `text`.
std::vector<std::string> nonblank_lines(const std::string& text);

}  // namespace flypin::hostile

namespace flypin::hostile {

/// name -> value from a GITHUB_OUTPUT file (`name<<DELIM` blocks).
std::map<std::string, std::string> read_github_outputs(const std::string& path);

/// A run as a workflow step, and what it left for the workflow.
struct StepRun {
  MeasuredRun run;
  std::map<std::string, std::string> outputs;  // GITHUB_OUTPUT, read
  std::string outputs_text;                    // GITHUB_OUTPUT as written
  std::string summary;                         // GITHUB_STEP_SUMMARY
};

/// run_measured() under Actions: GITHUB_ACTIONS=true, and GITHUB_OUTPUT and
/// GITHUB_STEP_SUMMARY fresh files in `dir` (`env` may override any of them).
StepRun run_step(const std::string& program, const std::vector<std::string>& args,
                 std::map<std::string, std::string> env, const std::string& dir,
                 std::chrono::milliseconds limit = std::chrono::seconds(120));

}  // namespace flypin::hostile
