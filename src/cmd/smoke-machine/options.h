#pragma once
// smoke-machine's flags, as given: raw strings and switches. validate()
// (plan.h) parses them, numbers and choices included, in the user's words.

#include <string>
#include <vector>

#include "cmd/common/cli_fwd.h"

namespace flypin::cmd::smoke_machine {

struct Options {
  std::string app;
  std::string smoke_app;
  std::string image;
  std::string region;
  std::string cpu_kind;
  std::string cpus;
  std::string memory_mb;
  std::string port = "8080";
  std::string health_path = "/health";
  std::string health_via = "checks";
  std::string proxy_url;
  std::string timeout = "5m";
  std::string cleanup_timeout = "2m";
  std::string stable_for = "0s";
  std::string check_interval = "1s";
  std::vector<std::string> env;
  std::vector<std::string> secret_env;
  std::string expect_digest;
  bool keep_on_failure = false;
  bool restart_check = false;
  bool reap = false;
  bool this_run = false;
  std::string scope;
  std::string older_than;  // with --reap only; default 1h
  std::string log_lines = "40";
  std::string logs_wait = "10s";
  bool quiet_logs = false;
};

void add_flags(CLI::App& app, Options& options);

}  // namespace flypin::cmd::smoke_machine
