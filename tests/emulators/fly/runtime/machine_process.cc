#include "emulators/fly/runtime/machine_process.h"

#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace flypin::emulators::fly {
namespace {

void bring_loopback_up() {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return;
  struct ifreq ifr;
  std::memset(&ifr, 0, sizeof ifr);
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
    ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
    ::ioctl(fd, SIOCSIFFLAGS, &ifr);
  }
  ::close(fd);
}

void write_str(int fd, const char* s) {
  ssize_t ignored = ::write(fd, s, std::strlen(s));
  (void)ignored;
}

// Resolves a command without a slash against PATH inside the image.
std::string resolve(const std::string& cmd, const std::vector<std::string>& env, const std::string& rootfs) {
  if (cmd.find('/') != std::string::npos) return cmd;
  std::string path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  for (const auto& kv : env)
    if (kv.rfind("PATH=", 0) == 0) path = kv.substr(5);
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string candidate = path.substr(start, end - start) + "/" + cmd;
    std::error_code ec;
    if (std::filesystem::exists(rootfs + candidate, ec)) return candidate;
    start = end + 1;
  }
  return cmd;
}

}  // namespace

Sandbox probe_sandbox() {
  Sandbox s;
  s.chroot = ::geteuid() == 0;
  pid_t pid = ::fork();
  if (pid == 0) _exit(::unshare(CLONE_NEWNET) == 0 ? 0 : 1);
  int status = 0;
  if (pid > 0 && ::waitpid(pid, &status, 0) == pid) s.netns = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return s;
}

core::Result<LaunchedProcess> launch_machine_process(const LaunchSpec& spec, const Sandbox& sandbox) {
  if (spec.argv.empty()) return core::Error::internal("image has no entrypoint or cmd");
  // Everything the child needs is prepared before fork (only syscalls after it).
  std::string exe = resolve(spec.argv[0], spec.env, spec.rootfs);
  std::string host_exe = sandbox.chroot ? exe : spec.rootfs + exe;
  std::string workdir = spec.working_dir.empty() ? "/" : spec.working_dir;
  std::string host_workdir = sandbox.chroot ? workdir : spec.rootfs + workdir;
  std::vector<char*> argv, envp;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : spec.env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  std::string exec_error =
      "Error: failed to spawn command: " + spec.argv[0] + ": No such file or directory (os error 2)\n";

  int out[2] = {-1, -1}, err[2] = {-1, -1};
  int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  // Closed by the child's exec (or exit): until then its network namespace may
  // not exist yet, and a check entering it would reach the wrong one.
  int ready[2] = {-1, -1};
  auto close_all = [&] {
    for (int fd : {out[0], out[1], err[0], err[1], ready[0], ready[1], null_fd})
      if (fd >= 0) ::close(fd);
  };
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0 || ::pipe2(ready, O_CLOEXEC) != 0) {
    const std::string why = std::strerror(errno);
    close_all();
    return core::Error::internal("pipe failed: " + why);
  }
  const std::string join_error = "Error: cannot join the machine's memory cgroup\n";

  pid_t pid = ::fork();
  if (pid < 0) {
    const std::string why = std::strerror(errno);
    close_all();
    return core::Error::internal("fork failed: " + why);
  }
  if (pid == 0) {
    ::close(ready[0]);
    ::setpgid(0, 0);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(err[1], STDERR_FILENO);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    if (!spec.cgroup_procs.empty()) {
      const int fd = ::open(spec.cgroup_procs.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd < 0 || ::write(fd, "0", 1) != 1) {
        write_str(STDERR_FILENO, join_error.c_str());
        _exit(1);
      }
      ::close(fd);
    } else if (spec.address_space_max > 0) {
      const rlimit limit{static_cast<rlim_t>(spec.address_space_max), static_cast<rlim_t>(spec.address_space_max)};
      ::setrlimit(RLIMIT_AS, &limit);
    }
    if (sandbox.netns && ::unshare(CLONE_NEWNET) == 0) bring_loopback_up();
    if (sandbox.chroot) {
      if (::chroot(spec.rootfs.c_str()) != 0) {
        write_str(STDERR_FILENO, "Error: cannot chroot into the rootfs\n");
        _exit(1);
      }
    }
    if (::chdir(host_workdir.c_str()) != 0 && ::chdir(sandbox.chroot ? "/" : spec.rootfs.c_str()) != 0) _exit(1);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execve(host_exe.c_str(), argv.data(), envp.data());
    write_str(STDERR_FILENO, exec_error.c_str());
    _exit(127);
  }
  ::setpgid(pid, pid);
  for (int fd : {out[1], err[1], ready[1], null_fd})
    if (fd >= 0) ::close(fd);
  char byte;
  while (::read(ready[0], &byte, 1) < 0 && errno == EINTR) {
  }
  ::close(ready[0]);
  return LaunchedProcess{pid, out[0], err[0]};
}

}  // namespace flypin::emulators::fly
