#include "programs/roll-machines/hostile/fleet_world.h"

namespace flypin::hostile {

FleetWorld::FleetWorld(const std::function<void(ScriptedFly&)>& machines,
                       const std::function<void(Routes&)>& fly_routes, Handler logs) {
  registry_ = std::make_unique<ScriptedServer>(serve_image(registry_routes_, image_));
  machines(fly_);
  fly_.serve(fly_routes_);
  if (fly_routes) fly_routes(fly_routes_);
  fly_server_ = std::make_unique<ScriptedServer>(fly_routes_);
  if (!logs) {
    logs = [](const Request&, Conn& c) {
      c.respond(200, {{"Content-Type", "application/json"}}, R"({"data":[],"meta":{"next_token":""}})");
    };
  }
  logs_server_ = std::make_unique<ScriptedServer>(std::move(logs));
}

StepRun FleetWorld::roll(const std::vector<std::string>& args, std::chrono::milliseconds limit) {
  std::vector<std::string> argv{"--app", kRollApp, "--image", image()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_step(
      "roll-machines", argv,
      {{"FLY_API_TOKEN", kRollToken}, {"FLY_API_URL", fly_server_->url()}, {"FLY_LOGS_API_URL", logs_server_->url()}},
      dir_.path(), limit);
}

std::string journal(const ScriptedServer& server) {
  std::string out;
  for (const auto& r : server.requests()) out += r.method + " " + r.target + "\n";
  return out;
}

}  // namespace flypin::hostile
