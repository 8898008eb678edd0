#pragma once
// Runs a third-party client under strace, recording every address it tries to
// reach, with a clean environment of our choosing (no inherited token or URL).

#include <map>
#include <string>
#include <vector>

namespace flypin::realclients {

struct ClientRun {
  int exit_code = -1;
  std::string out;
  std::string err;
  /// Every connect/sendto/sendmsg to an address outside 127.0.0.0/8 and ::1,
  /// and every one to port 53 (a name lookup), as strace printed it.
  std::vector<std::string> egress;
  /// How many connection attempts the trace holds in all (loopback included).
  int connects = 0;
};

/// `env` is all the client sees, plus PATH and HOME (unless given).
ClientRun run_traced(const std::vector<std::string>& argv, std::map<std::string, std::string> env,
                     const std::string& working_dir);

/// The lines of an strace log that reach beyond loopback (see ClientRun::egress).
std::vector<std::string> egress_in_trace(const std::string& trace, int* connects = nullptr);

/// Path of a file in tests/realclients (the node_modules setup.sh installs included).
std::string realclients_path(const std::string& relative);

}  // namespace flypin::realclients
