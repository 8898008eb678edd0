#pragma once
// What the hostile registry and redaction tests share: a run of pin-image or
// build-image in a private /etc/hosts (names of our choosing resolve to
// 127.0.0.1, so HTTPS servers of the kit can be reached under real-looking
// names), trusting the kit's test CA, as a workflow step under Actions, with
// canary secrets that must never be shown.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/hostile/private_hosts.h"
#include "support/hostile/shown.h"
#include "support/hostile/test_ca.h"
#include "support/launchers/program_run.h"
#include "support/testbed/testbed.h"

namespace flypin::hostile {

/// A finished run: exit status and everything a workflow log or artifact could carry.
struct Finished {
  int exit_code = -1;
  RunTrace trace;
  /// The last non-blank line of stderr: the one-line error of a failed run.
  std::string last_line() const;
};

class HostileWorld {
 public:
  /// `names`: host names the program resolves to 127.0.0.1.
  explicit HostileWorld(const std::vector<std::string>& names);

  TestCa& ca() { return ca_; }
  const std::string& dir() const { return dir_.path(); }

  /// Runs `program` with `args`; `env` is added to a workflow-like environment
  /// (GITHUB_ACTIONS, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, SSL_CERT_FILE).
  Finished run(const std::string& program, const std::vector<std::string>& args,
               std::map<std::string, std::string> env);

 private:
  testbed::TempDir dir_;
  TestCa ca_;
  PrivateHosts hosts_;
  int runs_ = 0;
};

}  // namespace flypin::hostile
