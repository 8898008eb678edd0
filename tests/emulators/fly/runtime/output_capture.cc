#include "emulators/fly/runtime/output_capture.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace flypin::emulators::fly {
namespace {

// Hands over every complete line in `pending` (and, at the end, the rest).
void flush_lines(std::string& pending, Stream stream, const OutputCapture::Sink& sink, bool at_end) {
  size_t start = 0;
  while (true) {
    const size_t nl = pending.find('\n', start);
    if (nl == std::string::npos) break;
    std::string line = pending.substr(start, nl - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    sink(stream, std::move(line));
    start = nl + 1;
  }
  pending.erase(0, start);
  while (pending.size() >= OutputCapture::kMaxLine) {
    sink(stream, pending.substr(0, OutputCapture::kMaxLine));
    pending.erase(0, OutputCapture::kMaxLine);
  }
  if (at_end && !pending.empty()) {
    sink(stream, std::move(pending));
    pending.clear();
  }
}

}  // namespace

OutputCapture::OutputCapture(int stdout_fd, int stderr_fd, Sink sink)
    : fds_{stdout_fd, stderr_fd}, sink_(std::move(sink)) {
  if (::pipe2(stop_pipe_, O_CLOEXEC) != 0) stop_pipe_[0] = stop_pipe_[1] = -1;
  thread_ = std::thread([this] { run(); });
}

OutputCapture::~OutputCapture() { finish(std::chrono::milliseconds(0)); }

void OutputCapture::finish(std::chrono::milliseconds grace) {
  if (!thread_.joinable()) return;
  {
    std::unique_lock lock(mutex_);
    ended_.wait_for(lock, grace, [this] { return done_; });
  }
  if (stop_pipe_[1] >= 0) {
    const char byte = 0;
    ssize_t ignored = ::write(stop_pipe_[1], &byte, 1);
    (void)ignored;
  }
  thread_.join();
  for (int& fd : stop_pipe_) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
}

void OutputCapture::run() {
  std::string pending[2];
  char buffer[8192];
  while (fds_[0] >= 0 || fds_[1] >= 0) {
    pollfd p[3] = {{fds_[0], POLLIN, 0}, {fds_[1], POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (::poll(p, 3, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds_[i] < 0 || (p[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t n = ::read(fds_[i], buffer, sizeof buffer);
      if (n > 0) {
        pending[i].append(buffer, static_cast<size_t>(n));
        flush_lines(pending[i], i == 0 ? Stream::kStdout : Stream::kStderr, sink_, false);
      } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        flush_lines(pending[i], i == 0 ? Stream::kStdout : Stream::kStderr, sink_, true);
        ::close(fds_[i]);
        fds_[i] = -1;
      }
    }
    if (p[2].revents & POLLIN) break;
  }
  for (int i = 0; i < 2; ++i) {
    if (fds_[i] < 0) continue;
    flush_lines(pending[i], i == 0 ? Stream::kStdout : Stream::kStderr, sink_, true);
    ::close(fds_[i]);
    fds_[i] = -1;
  }
  std::lock_guard lock(mutex_);
  done_ = true;
  ended_.notify_all();
}

}  // namespace flypin::emulators::fly
