#pragma once
// Where a finished run of a program showed a secret. The places a workflow
// log or artifact can carry it: stdout (bar the ::add-mask:: commands, which
// is how the runner learns what to mask), stderr, GITHUB_OUTPUT and
// GITHUB_STEP_SUMMARY.

#include <string>
#include <string_view>

namespace flypin::hostile {

struct RunTrace {
  std::string out;           // stdout
  std::string err;           // stderr
  std::string output_path;   // GITHUB_OUTPUT file ("" when not set)
  std::string summary_path;  // GITHUB_STEP_SUMMARY file ("" when not set)
};

/// "stdout", "stderr", "GITHUB_OUTPUT" or "GITHUB_STEP_SUMMARY" for the first
/// place `secret` appears, "" when it appears nowhere.
std::string where_shown(std::string_view secret, const RunTrace& run);

/// True when stdout carries "::add-mask::<secret>" as a line of its own.
bool masked(std::string_view secret, const RunTrace& run);

}  // namespace flypin::hostile
