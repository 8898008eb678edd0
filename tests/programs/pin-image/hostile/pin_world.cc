#include "programs/pin-image/hostile/pin_world.h"

namespace flypin::hostile {

void PinWorld::pinned(std::int64_t id, const std::string& image, std::map<std::string, std::string> payload) {
  payload["image"] = image;
  payload.emplace("secret_name", kSecret);
  payload.emplace("project_ref", kProjectRef);
  github.store.add({.id = id, .environment = kEnvironment, .payload = std::move(payload)});
}

StepRun PinWorld::run(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                      std::chrono::milliseconds limit) {
  std::vector<std::string> argv{"--project-ref", kProjectRef};
  argv.insert(argv.end(), args.begin(), args.end());
  auto e = pin_env(supabase.server.url());
  for (const auto& [k, v] : github.workflow_env()) e[k] = v;
  for (const auto& [k, v] : env) e[k] = v;
  return run_step("pin-image", argv, e, dir_.path(), limit);
}

}  // namespace flypin::hostile
