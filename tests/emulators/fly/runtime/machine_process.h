#pragma once
// Starts a machine's main process: its own process group, its own network
// namespace (loopback up) when available, chrooted into the rootfs when root,
// stdout+stderr appended to the machine's log.

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
  std::string log_path;
};

/// Forks the process; returns its pid. A missing executable still starts a
/// child, which prints the error to the log and exits 127 (as Fly's init does).
core::Result<pid_t> launch_machine_process(const LaunchSpec& spec, const Sandbox& sandbox);

}  // namespace flypin::emulators::fly
