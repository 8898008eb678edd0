#include "core/interrupt.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <csignal>

namespace flypin::core {
namespace {

std::atomic<int> g_signal{0};
std::atomic<int> g_count{0};  // signals received
std::atomic<bool> g_suspended{false};
std::atomic<int> g_deferred{0};
int g_pipe[2] = {-1, -1};

void on_signal(int sig) {
  int expected = 0;
  g_signal.compare_exchange_strong(expected, sig);
  g_count.fetch_add(1);
  if (g_pipe[1] >= 0) {
    char b = 1;
    [[maybe_unused]] auto n = write(g_pipe[1], &b, 1);
  }
}

// A reader that went away (`program | head`) must not kill us before cleanup:
// with a handler, a write to a closed pipe fails with EPIPE instead. Unlike
// SIG_IGN, a handler is reset by exec, so child processes keep the default.
void on_sigpipe(int) {}

void ensure_pipe() {
  if (g_pipe[0] >= 0) return;
  if (pipe(g_pipe) == 0) {
    for (int fd : g_pipe) {
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
      fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
  }
}

}  // namespace

void install_interrupt_handlers() {
  ensure_pipe();
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  struct sigaction pipe_sa {};
  pipe_sa.sa_handler = on_sigpipe;
  sigemptyset(&pipe_sa.sa_mask);
  pipe_sa.sa_flags = SA_RESTART;
  sigaction(SIGPIPE, &pipe_sa, nullptr);
}

bool urgent() { return g_count.load() >= 2; }
bool interrupted() {
  if (g_signal.load() == 0) return false;
  return urgent() || (!g_suspended.load() && g_deferred.load() == 0);
}
int interrupt_signal() { return g_signal.load(); }
const char* signal_name(int signal) { return signal == SIGTERM ? "SIGTERM" : "SIGINT"; }

bool interruptible_sleep(std::chrono::milliseconds duration) {
  ensure_pipe();
  if (interrupted()) return false;
  auto deadline = std::chrono::steady_clock::now() + duration;
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return true;
    pollfd p{g_pipe[0], POLLIN, 0};
    int r = poll(&p, 1, static_cast<int>(left.count()));
    if (interrupted()) return false;
    if (r > 0) {
      char buf[16];
      while (read(g_pipe[0], buf, sizeof buf) > 0) {
      }
    }
  }
}

void suspend_interrupt_for_cleanup() { g_suspended = true; }

InterruptDeferral::InterruptDeferral() { g_deferred.fetch_add(1); }
InterruptDeferral::~InterruptDeferral() { g_deferred.fetch_sub(1); }

void reset_interrupt() {
  g_signal = 0;
  g_count = 0;
  g_suspended = false;
  g_deferred = 0;
}

}  // namespace flypin::core
