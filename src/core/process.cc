#include "core/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <sstream>

#include "core/interrupt.h"

extern char** environ;

namespace flypin::core {

std::optional<std::string> find_on_path(const std::string& name, const std::string& path_var) {
  if (name.find('/') != std::string::npos) {
    return access(name.c_str(), X_OK) == 0 ? std::optional(name) : std::nullopt;
  }
  std::stringstream ss(path_var);
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    if (dir.empty()) continue;
    std::string candidate = dir + "/" + name;
    struct stat st {};
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return std::nullopt;
}

std::string last_lines(const std::string& text, size_t n) {
  size_t end = text.size();
  while (end > 0 && text[end - 1] == '\n') --end;
  size_t pos = end;
  for (size_t count = 0; pos > 0; --pos) {
    if (text[pos - 1] == '\n' && ++count == n) break;
  }
  return text.substr(pos, end - pos);
}

Result<ProcessResult> SystemProcessRunner::run(const ProcessSpec& spec) {
  if (spec.argv.empty()) return Error::internal("no command to run");
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0 || pipe2(in_pipe, O_CLOEXEC) != 0) {
    return Error::internal(std::string("pipe: ") + std::strerror(errno));
  }

  std::vector<std::string> env_strings;
  for (char** e = environ; spec.env_mode == EnvMode::kInherit && *e != nullptr; ++e) {
    std::string kv(*e);
    auto key = kv.substr(0, kv.find('='));
    if (!spec.extra_env.contains(key)) env_strings.push_back(std::move(kv));
  }
  for (const auto& [k, v] : spec.extra_env) env_strings.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = spec.argv;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in_pipe[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
  if (spec.working_dir) posix_spawn_file_actions_addchdir_np(&fa, spec.working_dir->c_str());
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // The child forms its own process group, so a signal to us does not reach it
  // directly: we decide how to stop it.
  posix_spawnattr_setpgroup(&attr, 0);
  // Whatever we do with SIGPIPE (see interrupt.h, and the stdin write below),
  // a child starts with the default action, as it would from a shell.
  sigset_t default_signals;
  sigemptyset(&default_signals);
  sigaddset(&default_signals, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &default_signals);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF);

  pid_t pid = 0;
  int rc = posix_spawnp(&pid, argv[0], &fa, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    close(err_pipe[0]);
    return Error::internal("could not start " + spec.argv[0] + ": " + std::strerror(rc));
  }
  if (spec.stdin_data) {
    signal(SIGPIPE, SIG_IGN);
    [[maybe_unused]] auto n = write(in_pipe[1], spec.stdin_data->data(), spec.stdin_data->size());
  }
  close(in_pipe[1]);

  ProcessResult result;
  std::string pending;
  auto emit_lines = [&](bool flush) {
    size_t nl;
    while ((nl = pending.find('\n')) != std::string::npos) {
      if (spec.on_line) spec.on_line(pending.substr(0, nl));
      pending.erase(0, nl + 1);
    }
    if (flush && !pending.empty()) {
      if (spec.on_line) spec.on_line(pending);
      pending.clear();
    }
  };
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  bool signalled_child = false;
  bool killed_child = false;
  while (open_fds > 0) {
    int r = poll(fds, 2, 200);
    if (interrupted() && !signalled_child) {
      kill(-pid, SIGTERM);
      signalled_child = true;
    }
    // The runner's second signal: its SIGKILL is 2.5 s away, so the child may not take its time.
    if (urgent() && !killed_child) {
      kill(-pid, SIGKILL);
      killed_child = true;
    }
    if (r <= 0) continue;
    for (auto& f : fds) {
      if (f.fd < 0 || !(f.revents & (POLLIN | POLLHUP))) continue;
      char buf[8192];
      ssize_t n = read(f.fd, buf, sizeof buf);
      if (n <= 0) {
        close(f.fd);
        f.fd = -1;
        --open_fds;
        continue;
      }
      result.output.append(buf, n);
      if (&f == &fds[0])
        result.stdout_data.append(buf, n);
      else
        result.stderr_data.append(buf, n);
      pending.append(buf, n);
      emit_lines(false);
    }
  }
  emit_lines(true);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.term_signal = WTERMSIG(status);
  return result;
}

}  // namespace flypin::core
