#include "support/launchers/spawned_program.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <stdexcept>
#include <thread>

#include "support/launchers/program_path.h"
#include "support/testbed/testbed.h"

namespace flypin::e2e {

using namespace std::chrono_literals;

int spawn(const std::string& program, const std::vector<std::string>& args,
          const std::map<std::string, std::string>& env, int out_fd, int err_fd) {
  std::vector<std::string> argv{program_path(program)};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> envs;
  for (const auto& [k, v] : env) envs.push_back(k + "=" + v);
  std::vector<char*> cargv, cenv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  for (auto& e : envs) cenv.push_back(e.data());
  cenv.push_back(nullptr);
  const int pid = fork();
  if (pid == 0) {
    // As from a shell: SIGPIPE at its default action, whatever the test process does with it.
    signal(SIGPIPE, SIG_DFL);
    sigset_t pipe_only;
    sigemptyset(&pipe_only);
    sigaddset(&pipe_only, SIGPIPE);
    sigprocmask(SIG_UNBLOCK, &pipe_only, nullptr);
    int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execve(cargv[0], cargv.data(), cenv.data());
    _exit(127);
  }
  if (pid < 0) throw std::runtime_error("fork failed");
  return pid;
}

SpawnedProgram::SpawnedProgram(const std::string& program, const std::vector<std::string>& args,
                               const std::map<std::string, std::string>& env, const std::string& dir) {
  static int counter = 0;
  const std::string stem = dir + "/" + program.substr(program.rfind('/') + 1) + "-" + std::to_string(++counter);
  out_path_ = stem + ".out";
  err_path_ = stem + ".err";
  int out = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out < 0 || err < 0) throw std::runtime_error("cannot create output files in " + dir);
  pid_ = spawn(program, args, env, out, err);
  close(out);
  close(err);
}

SpawnedProgram::~SpawnedProgram() {
  if (!reaped_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

bool SpawnedProgram::running() {
  if (reaped_) return false;
  int st = 0;
  if (waitpid(pid_, &st, WNOHANG) == pid_) {
    reaped_ = true;
    status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return false;
  }
  return true;
}

int SpawnedProgram::wait(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (running()) {
    if (std::chrono::steady_clock::now() >= until) return -1;
    std::this_thread::sleep_for(1ms);  // benchmarks time the exit with this
  }
  return status_;
}

void SpawnedProgram::signal(int sig) {
  if (!reaped_) kill(pid_, sig);
}

std::string SpawnedProgram::out() const { return testbed::read_file(out_path_); }
std::string SpawnedProgram::err() const { return testbed::read_file(err_path_); }

bool SpawnedProgram::await(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    if (!running()) return condition();
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

}  // namespace flypin::e2e
