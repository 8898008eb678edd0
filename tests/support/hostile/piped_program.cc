#include "support/hostile/piped_program.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>
#include <thread>

#include "support/launchers/spawned_program.h"

namespace flypin::hostile {

PipedProgram::PipedProgram(const std::string& program, const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  pid_ = e2e::spawn(program, args, env, fds[1], fds[1]);
  close(fds[1]);
  fd_ = fds[0];
}

PipedProgram::~PipedProgram() {
  close_reader();
  if (!reaped_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

std::string PipedProgram::read_lines(int n, std::chrono::milliseconds timeout) {
  std::string out;
  const auto until = std::chrono::steady_clock::now() + timeout;
  int lines = 0;
  while (fd_ >= 0 && lines < n) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    // One byte at a time, like head: nothing past the n-th line is consumed.
    char c;
    if (read(fd_, &c, 1) != 1) break;
    out += c;
    if (c == '\n') ++lines;
  }
  return out;
}

void PipedProgram::close_reader() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

int PipedProgram::wait(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (!reaped_) {
    int st = 0;
    if (waitpid(pid_, &st, WNOHANG) == pid_) {
      reaped_ = true;
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      break;
    }
    if (std::chrono::steady_clock::now() >= until) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return status_;
}

}  // namespace flypin::hostile
