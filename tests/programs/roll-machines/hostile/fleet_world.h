#pragma once
// The ground of roll-machines' scripted hostile tests: a registry that serves
// the pinned image, a scripted Machines API (support/hostile/scripted_fly.h)
// whose machines and answers each test chooses, and a logs API; the program
// runs as a workflow step (support/hostile/measured_run.h: run_step).

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/hostile/measured_run.h"
#include "support/hostile/scripted_apis.h"
#include "support/hostile/scripted_fly.h"
#include "support/hostile/scripted_server.h"
#include "support/testbed/testbed.h"

namespace flypin::hostile {

inline constexpr const char* kRollApp = "fleet-app";
inline constexpr const char* kRollToken = "fly_CANARY_roll_hostile_52e0";
/// A digest no machine of the pin has: every machine listed with it has drifted.
inline constexpr const char* kOldDigest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

class FleetWorld {
 public:
  /// `fly_routes`: the test's own answers, added before the scripted ones (longest prefix wins);
  /// `logs`: the logs API's answers (default: no lines).
  explicit FleetWorld(const std::function<void(ScriptedFly&)>& machines,
                      const std::function<void(Routes&)>& fly_routes = {}, Handler logs = {});

  std::string image() const { return image_ref(*registry_); }
  const std::string& pin_digest() const { return image_.manifest_digest; }
  const ScriptedServer& fly() const { return *fly_server_; }
  const ScriptedServer& logs() const { return *logs_server_; }
  ScriptedFly& machines() { return fly_; }

  /// roll-machines --app kRollApp --image image() `args...`, as a workflow step.
  StepRun roll(const std::vector<std::string>& args, std::chrono::milliseconds limit = std::chrono::seconds(150));

 private:
  ScriptedImage image_;
  Routes registry_routes_;
  std::unique_ptr<ScriptedServer> registry_;
  ScriptedFly fly_{kRollApp};
  Routes fly_routes_;
  std::unique_ptr<ScriptedServer> fly_server_;
  std::unique_ptr<ScriptedServer> logs_server_;
  testbed::TempDir dir_{"flypin-roll-hostile"};
};

/// Requests of `server` as "METHOD path" lines, for failure messages.
std::string journal(const ScriptedServer& server);

}  // namespace flypin::hostile
