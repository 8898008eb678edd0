#pragma once
// The process seam: builders and docker credential helpers run through a
// ProcessRunner so tests can record arguments and feed canned output.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace flypin::core {

enum class EnvMode { kInherit, kOnlyExtra };

struct ProcessSpec {
  std::vector<std::string> argv;
  std::optional<std::string> stdin_data;
  /// Extra variables on top of the parent's environment.
  std::map<std::string, std::string> extra_env;
  std::optional<std::string> working_dir;
  /// Called with each line of combined stdout+stderr as it arrives (when set).
  std::function<void(const std::string&)> on_line;
  /// kOnlyExtra: the child sees extra_env and nothing of ours (tests use this).
  EnvMode env_mode = EnvMode::kInherit;
};

struct ProcessResult {
  int exit_code = -1;  // -1 when killed by a signal
  int term_signal = 0;
  std::string output;       // combined stdout and stderr
  std::string stdout_data;  // stdout alone
  std::string stderr_data;  // stderr alone
};

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  /// Error only when the process could not be started; a non-zero exit is a result.
  virtual Result<ProcessResult> run(const ProcessSpec& spec) = 0;
};

class SystemProcessRunner : public ProcessRunner {
 public:
  Result<ProcessResult> run(const ProcessSpec& spec) override;
};

/// Absolute path of an executable found on PATH, or nullopt.
std::optional<std::string> find_on_path(const std::string& name, const std::string& path_var);

/// Last `n` lines of text.
std::string last_lines(const std::string& text, size_t n);

}  // namespace flypin::core
