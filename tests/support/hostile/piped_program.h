#pragma once
// A built program whose stdout and stderr both go into one pipe, read by the
// test: `program 2>&1 | head -n N` without the shell. Closing the reader makes
// the program's next write hit a closed pipe.

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace flypin::hostile {

class PipedProgram {
 public:
  PipedProgram(const std::string& program, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env);
  ~PipedProgram();
  PipedProgram(const PipedProgram&) = delete;
  PipedProgram& operator=(const PipedProgram&) = delete;

  /// Reads until `n` lines arrived (or EOF, or the timeout); returns them.
  std::string read_lines(int n, std::chrono::milliseconds timeout);
  /// Closes the read end: what `head` does once it has its lines.
  void close_reader();
  /// Exit status, 128+n when killed by signal n, -1 on timeout.
  int wait(std::chrono::milliseconds timeout);

 private:
  int pid_ = -1;
  int fd_ = -1;
  int status_ = -1;
  bool reaped_ = false;
};

}  // namespace flypin::hostile
