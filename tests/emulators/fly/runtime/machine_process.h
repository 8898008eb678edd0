#pragma once
// Starts a machine's main process: its own process group, its own network
// namespace (loopback up) when available, chrooted into the rootfs when root,
// inside its memory limit, stdout and stderr on pipes of their own.

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace flypin::emulators::fly {

enum class Isolation { kFull, kHostNetwork, kHostFs, kNone };

struct Sandbox {
  bool chroot = false;  // running as root
  bool netns = false;   // unshare(CLONE_NEWNET) works here
};

/// Probes what this host allows (fork + unshare in a child).
Sandbox probe_sandbox();

struct LaunchSpec {
  std::vector<std::string> argv;  // entrypoint + cmd
  std::vector<std::string> env;   // "K=V"
  std::string rootfs;
  std::string working_dir;
  std::string cgroup_procs;         // the child joins this cgroup before exec ("" for none)
  long long address_space_max = 0;  // RLIMIT_AS in bytes when there is no cgroup (0: none)
};

struct LaunchedProcess {
  pid_t pid = 0;
  int stdout_fd = -1;  // read ends, owned by the caller
  int stderr_fd = -1;
};

/// Forks the process. A missing executable still starts a child, which prints
/// the error on its stderr and exits 127 (as Fly's init does).
core::Result<LaunchedProcess> launch_machine_process(const LaunchSpec& spec, const Sandbox& sandbox);

}  // namespace flypin::emulators::fly
