#include "support/launchers/program_run.h"

#include <sstream>

#include "core/process.h"
#include "support/launchers/program_path.h"

namespace flypin::e2e {

ProgramRun run_program(const std::string& name, const std::vector<std::string>& args,
                       std::map<std::string, std::string> env, const std::vector<std::string>& launcher) {
  // root's PATH: buildah's CNI network plugins (a RUN step) look for iptables in /usr/sbin.
  env.emplace("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
  env.emplace("HOME", "/nonexistent-flypin-home");
  core::ProcessSpec spec;
  spec.argv = launcher;
  spec.argv.push_back(program_path(name));
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.extra_env = std::move(env);
  spec.env_mode = core::EnvMode::kOnlyExtra;
  core::SystemProcessRunner runner;
  auto r = runner.run(spec);
  if (!r.ok()) return ProgramRun{-1, "", r.error().message};
  return ProgramRun{r->exit_code, r->stdout_data, r->stderr_data};
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

}  // namespace flypin::e2e
