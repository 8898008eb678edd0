#pragma once
// A built program started in the background with exactly the given
// environment, stdout and stderr captured to files, so a test can watch its
// progress and signal it at a chosen moment.

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace flypin::e2e {

/// Starts `program` (a built program's name, or an absolute path) with exactly
/// `env`, stdin from /dev/null, stdout and stderr onto the given descriptors.
/// Returns its pid.
int spawn(const std::string& program, const std::vector<std::string>& args,
          const std::map<std::string, std::string>& env, int out_fd, int err_fd);

class SpawnedProgram {
 public:
  /// `program` is a built program's name, or an absolute path.
  SpawnedProgram(const std::string& program, const std::vector<std::string>& args,
                 const std::map<std::string, std::string>& env, const std::string& dir);
  ~SpawnedProgram();
  SpawnedProgram(const SpawnedProgram&) = delete;
  SpawnedProgram& operator=(const SpawnedProgram&) = delete;

  /// Exit status (128+n when killed by signal n); -1 if still running at the timeout.
  int wait(std::chrono::milliseconds timeout);
  void signal(int sig);
  std::string out() const;
  std::string err() const;
  /// Polls until `condition` holds or the program exits or the timeout passes.
  bool await(const std::function<bool()>& condition, std::chrono::milliseconds timeout);
  bool running();

 private:
  int pid_ = -1;
  int status_ = -1;
  bool reaped_ = false;
  std::string out_path_;
  std::string err_path_;
};

}  // namespace flypin::e2e
