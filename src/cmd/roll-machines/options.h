#pragma once
// roll-machines' flags, as given: raw strings and switches. validate()
// (plan.h) parses them, numbers included, in the user's words.

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace flypin::cmd::roll_machines {

struct Options {
  std::string app;
  std::string image;
  std::vector<std::string> select;  // KEY=VALUE, repeatable
  std::string project_ref;
  std::string secret_name = "DOCKER_IMAGE";
  std::string platform = "linux/amd64";
  std::string update;             // "" (report), "stopped" or "all"
  std::string canary = "1";       // validate() parses it: 1 to 100
  std::string concurrency = "4";  // 1 to 32
  std::string wait_timeout = "120s";
  bool fail_on_drift = false;
};

void add_flags(CLI::App& app, Options& options);

}  // namespace flypin::cmd::roll_machines
