#pragma once
// roll-machines' flags, as given: raw strings and switches. validate()
// (plan.h) parses them, numbers included, in the user's words.

#include <string>
#include <vector>

#include "cmd/common/cli_fwd.h"

namespace flypin::cmd::roll_machines {

struct Options {
  std::string app;
  std::string image;
  std::vector<std::string> select;  // KEY=VALUE, repeatable
  std::string project_ref;
  std::string secret_name = "DOCKER_IMAGE";
  std::string platform = "linux/amd64";
  std::string update;  // "" (report), "stopped" or "all"
  // Empty when not given: they mean something only with some --update modes,
  // and validate() refuses them elsewhere (and applies the defaults).
  std::string canary;        // default 1
  std::string concurrency;   // default 4
  std::string wait_timeout;  // default 120s
  bool fail_on_drift = false;
};

void add_flags(CLI::App& app, Options& options);

}  // namespace flypin::cmd::roll_machines
