#pragma once
// Makes chosen host names resolve to 127.0.0.1 for one program under test,
// with no backdoor in the program: it runs in a private mount namespace
// (unshare --mount) where a hosts file of ours is bind-mounted over
// /etc/hosts. Nothing outside that namespace sees the change. Needs root
// (CAP_SYS_ADMIN), which the tests have. This is how a test speaks HTTPS to a
// loopback server under a real-looking name (loopback addresses themselves
// are always spoken to over plain HTTP).

#include <string>
#include <vector>

namespace flypin::hostile {

class PrivateHosts {
 public:
  /// Writes `dir`/hosts mapping every name in `names` to 127.0.0.1. Throws
  /// std::runtime_error (with the reason) where namespaces are not available.
  PrivateHosts(const std::string& dir, const std::vector<std::string>& names);

  /// The command line that runs `argv` with these names resolvable.
  std::vector<std::string> wrap(const std::vector<std::string>& argv) const;

  const std::string& hosts_path() const { return hosts_path_; }

 private:
  std::string hosts_path_;
  std::string unshare_;
  std::string mount_;
};

}  // namespace flypin::hostile
