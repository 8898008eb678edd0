#pragma once
// Reads a machine process's stdout and stderr, line by line, on a thread of
// its own, and hands each line to a sink the moment it is complete (a last
// line without a newline when the stream ends). A line longer than
// kMaxLine is handed over in pieces.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace flypin::emulators::fly {

enum class Stream { kStdout, kStderr };

class OutputCapture {
 public:
  using Sink = std::function<void(Stream, std::string)>;
  static constexpr size_t kMaxLine = 16 * 1024;

  /// Owns both descriptors (read ends of pipes) from here on.
  OutputCapture(int stdout_fd, int stderr_fd, Sink sink);
  ~OutputCapture();
  OutputCapture(const OutputCapture&) = delete;
  OutputCapture& operator=(const OutputCapture&) = delete;

  /// Returns once both streams ended, or `grace` passed (a process that
  /// escaped its group may hold them open): every line read by then is handed over.
  void finish(std::chrono::milliseconds grace);

 private:
  void run();

  int fds_[2];
  Sink sink_;
  int stop_pipe_[2] = {-1, -1};
  std::mutex mutex_;
  std::condition_variable ended_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace flypin::emulators::fly
