#include "support/hostile/private_hosts.h"

#include <unistd.h>

#include <fstream>
#include <stdexcept>

#include "core/process.h"

namespace flypin::hostile {
namespace {

constexpr const char* kSystemPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

std::string tool(const std::string& name) {
  auto path = core::find_on_path(name, kSystemPath);
  if (!path) throw std::runtime_error("private hosts: " + name + " is not installed (util-linux)");
  return *path;
}

}  // namespace

PrivateHosts::PrivateHosts(const std::string& dir, const std::vector<std::string>& names)
    : hosts_path_(dir + "/hosts"), unshare_(tool("unshare")), mount_(tool("mount")) {
  if (::geteuid() != 0) throw std::runtime_error("private hosts: a private mount namespace needs root");
  std::ofstream hosts(hosts_path_);
  hosts << "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n";
  for (const auto& name : names) hosts << "127.0.0.1 " << name << "\n";
  if (!hosts.flush()) throw std::runtime_error("private hosts: cannot write " + hosts_path_);
}

std::vector<std::string> PrivateHosts::wrap(const std::vector<std::string>& argv) const {
  // sh -c SCRIPT $0=hosts file $1=mount, then the program and its arguments.
  std::vector<std::string> out = {unshare_,
                                  "--mount",
                                  "--propagation",
                                  "private",
                                  "--",
                                  "/bin/sh",
                                  "-c",
                                  R"(m="$1"; shift; "$m" --bind "$0" /etc/hosts && exec "$@")",
                                  hosts_path_,
                                  mount_};
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

}  // namespace flypin::hostile
