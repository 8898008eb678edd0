#include "emulators/realclients/traced_client.h"

#include <regex>
#include <sstream>

#include "core/process.h"
#include "support/testbed/testbed.h"

namespace flypin::realclients {
namespace {

bool loopback_v4(const std::string& addr) { return addr.rfind("127.", 0) == 0; }
bool loopback_v6(const std::string& addr) { return addr == "::1" || addr.rfind("::ffff:127.", 0) == 0; }

}  // namespace

std::vector<std::string> egress_in_trace(const std::string& trace, int* connects) {
  static const std::regex kV4(R"re(sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\))re");
  static const std::regex kV6(R"re(sin6_port=htons\((\d+)\).*inet_pton\(AF_INET6, "([^"]+)")re");
  std::vector<std::string> out;
  int seen = 0;
  std::istringstream lines(trace);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    bool v4 = std::regex_search(line, m, kV4);
    if (!v4 && !std::regex_search(line, m, kV6)) continue;
    ++seen;
    bool loopback = v4 ? loopback_v4(m[2]) : loopback_v6(m[2]);
    if (!loopback || m[1] == "53") out.push_back(line);
  }
  if (connects) *connects = seen;
  return out;
}

ClientRun run_traced(const std::vector<std::string>& argv, std::map<std::string, std::string> env,
                     const std::string& working_dir) {
  testbed::TempDir dir("flypin-trace");
  const std::string trace = dir.file("strace.log");
  env.emplace("PATH", "/usr/local/bin:/usr/bin:/bin");
  env.emplace("HOME", working_dir);
  core::ProcessSpec spec;
  spec.argv = {"strace", "-f",          "-qq", "--seccomp-bpf", "-e", "trace=connect,sendto,sendmsg",
               "-e",     "signal=none", "-o",  trace,           "--"};
  spec.argv.insert(spec.argv.end(), argv.begin(), argv.end());
  spec.extra_env = std::move(env);
  spec.env_mode = core::EnvMode::kOnlyExtra;
  spec.working_dir = working_dir;
  core::SystemProcessRunner runner;
  auto r = runner.run(spec);
  ClientRun run;
  if (!r.ok()) {
    run.err = r.error().message;
    return run;
  }
  run.exit_code = r->exit_code;
  run.out = r->stdout_data;
  run.err = r->stderr_data;
  run.egress = egress_in_trace(testbed::read_file(trace), &run.connects);
  return run;
}

std::string realclients_path(const std::string& relative) {
  return std::string(FLYPIN_SOURCE_DIR) + "/tests/emulators/realclients/" + relative;
}

}  // namespace flypin::realclients
