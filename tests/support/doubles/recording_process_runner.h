#pragma once
// A core::ProcessRunner that starts nothing: it records each command line and
// answers from `script` (by default: exit 0, no output), streaming the output
// line by line to the spec's on_line as a real process would.

#include <functional>
#include <string>
#include <vector>

#include "core/process.h"

namespace flypin::doubles {

class RecordingProcessRunner : public core::ProcessRunner {
 public:
  using Script = std::function<core::ProcessResult(const core::ProcessSpec&)>;

  RecordingProcessRunner() = default;
  explicit RecordingProcessRunner(Script script) : script_(std::move(script)) {}

  core::Result<core::ProcessResult> run(const core::ProcessSpec& spec) override;

  /// The argv of every run, in order.
  std::vector<std::vector<std::string>> calls;
  /// The whole spec of every run, in order (its environment, its stdin).
  std::vector<core::ProcessSpec> specs;

 private:
  Script script_;
};

}  // namespace flypin::doubles
