#include "support/hostile/measured_run.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "support/launchers/program_path.h"
#include "support/testbed/testbed.h"

namespace flypin::hostile {
namespace {

MeasuredRun run_once(const std::string& program, const std::vector<std::string>& args,
                     std::map<std::string, std::string> env, std::chrono::milliseconds limit) {
  env.emplace("PATH", "/usr/local/bin:/usr/bin:/bin");
  env.emplace("HOME", "/nonexistent-flypin-home");
  testbed::TempDir dir("flypin-measured");
  const std::string out_path = dir.file("out"), err_path = dir.file("err");
  std::vector<std::string> argv{e2e::program_path(program)};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<std::string> envs;
  for (const auto& [k, v] : env) envs.push_back(k + "=" + v);
  std::vector<char*> cargv, cenv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);
  for (auto& e : envs) cenv.push_back(e.data());
  cenv.push_back(nullptr);
  const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out < 0 || err < 0) throw std::runtime_error("cannot create output files in " + dir.path());

  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int in = open("/dev/null", O_RDONLY);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    execve(cargv[0], cargv.data(), cenv.data());
    _exit(127);
  }
  close(out);
  close(err);
  if (pid < 0) throw std::runtime_error("fork failed");

  MeasuredRun run;
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  pollfd p{pidfd, POLLIN, 0};
  const bool exited = pidfd >= 0 && poll(&p, 1, static_cast<int>(limit.count())) == 1;
  if (pidfd >= 0) close(pidfd);
  if (!exited) kill(pid, SIGKILL);
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  run.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  run.max_rss_kib = usage.ru_maxrss;
  run.exit_code = !exited ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.out = testbed::read_file(out_path);
  run.err = testbed::read_file(err_path);
  return run;
}

// Peak memory of `program --version`, once per program and test binary.
long start_rss_kib(const std::string& program) {
  static std::mutex mu;
  static std::map<std::string, long> known;
  std::lock_guard lock(mu);
  auto [it, added] = known.emplace(program, 0);
  if (added) it->second = run_once(program, {"--version"}, {}, std::chrono::seconds(30)).max_rss_kib;
  return it->second;
}

}  // namespace

MeasuredRun run_measured(const std::string& program, const std::vector<std::string>& args,
                         std::map<std::string, std::string> env, std::chrono::milliseconds limit) {
  MeasuredRun run = run_once(program, args, std::move(env), limit);
  run.start_rss_kib = start_rss_kib(program);
  return run;
}

std::vector<std::string> nonblank_lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) out.push_back(line);
  }
  return out;
}

std::map<std::string, std::string> read_github_outputs(const std::string& path) {
  std::map<std::string, std::string> out;
  std::stringstream ss(testbed::read_file(path));
  std::string line;
  while (std::getline(ss, line)) {
    auto mark = line.find("<<");
    if (mark == std::string::npos) continue;
    const std::string name = line.substr(0, mark), delimiter = line.substr(mark + 2);
    std::string value, next;
    while (std::getline(ss, next) && next != delimiter) value += (value.empty() ? "" : "\n") + next;
    out[name] = value;
  }
  return out;
}

StepRun run_step(const std::string& program, const std::vector<std::string>& args,
                 std::map<std::string, std::string> env, const std::string& dir, std::chrono::milliseconds limit) {
  static int runs = 0;
  const std::string n = std::to_string(++runs);
  const std::string outputs = dir + "/github-output-" + n, summary = dir + "/step-summary-" + n;
  testbed::write_file(outputs, "");
  testbed::write_file(summary, "");
  env.emplace("GITHUB_ACTIONS", "true");
  env.emplace("GITHUB_OUTPUT", outputs);
  env.emplace("GITHUB_STEP_SUMMARY", summary);
  StepRun r;
  r.run = run_measured(program, args, std::move(env), limit);
  r.outputs = read_github_outputs(outputs);
  r.outputs_text = testbed::read_file(outputs);
  r.summary = testbed::read_file(summary);
  return r;
}

}  // namespace flypin::hostile
