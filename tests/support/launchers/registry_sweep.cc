#include "support/launchers/registry_sweep.h"

#include "core/json.h"
#include "core/process.h"

namespace flypin::e2e {
namespace {

std::vector<std::string> strings(const rapidjson::Value& doc, const char* key) {
  std::vector<std::string> out;
  if (!doc.HasMember(key) || !doc[key].IsArray()) return out;
  for (const auto& v : doc[key].GetArray()) {
    if (v.IsString()) out.emplace_back(v.GetString());
  }
  return out;
}

}  // namespace

SweepResult sweep_registry(const testbed::LocalRegistry& registry, const std::string& fly_api_url,
                           const std::string& repository) {
  core::ProcessSpec spec;
  spec.argv = {"python3",    std::string(FLYPIN_SOURCE_DIR) + "/tests/support/testbed/sweep_registry.py",
               "--registry", registry.host(),
               "--user",     registry.username(),
               "--fly-url",  fly_api_url};
  if (!repository.empty()) spec.argv.insert(spec.argv.end(), {"--repository", repository});
  spec.extra_env = {{"REGISTRY_PASSWORD", registry.password()}, {"PATH", "/usr/local/bin:/usr/bin:/bin"}};
  spec.env_mode = core::EnvMode::kOnlyExtra;
  core::SystemProcessRunner runner;
  auto run = runner.run(spec);
  SweepResult result;
  if (!run.ok()) {
    result.err = run.error().message;
    return result;
  }
  result.exit_code = run->exit_code;
  result.err = run->stderr_data;
  auto doc = core::json::parse(run->stdout_data, "sweep_registry.py");
  if (!doc.ok() || !doc->IsObject()) {
    result.err += "\nunreadable output: " + run->stdout_data;
    result.exit_code = result.exit_code == 0 ? -1 : result.exit_code;
    return result;
  }
  result.pruned = strings(*doc, "pruned");
  result.kept = strings(*doc, "kept");
  return result;
}

}  // namespace flypin::e2e
