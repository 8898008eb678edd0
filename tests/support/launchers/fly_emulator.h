#pragma once
// flypin-fly-emulator (tests/emulators/fly) as a child process, for
// end-to-end tests, realclients, hostile tests and benchmarks alike: its
// Machines API, proxy and admin API a call away. Registry credentials reach it
// through its environment, never its command line. A target that uses it
// links flypin_e2e_common and adds add_dependencies(<target> flypin-fly-emulator).

#include <rapidjson/document.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/launchers/emulator_admin.h"
#include "support/testbed/testbed.h"

namespace flypin::e2e {

enum class FlyRateLimit { kOn, kOff };
enum class RegistryTransport { kPlainForLoopback, kInsecureEverywhere };

struct FlyEmulatorOptions {
  std::vector<std::string> tokens;  // the first one is call()'s default
  std::vector<std::string> apps;    // the first one is create()'s
  FlyRateLimit rate_limit = FlyRateLimit::kOn;
  RegistryTransport registry = RegistryTransport::kPlainForLoopback;
  /// NAME=VALUE variants (emulators/fly/FIDELITY.md). The suite's variant set comes with the
  /// environment (FLYPIN_FLY_VARIANTS, which ctest sets per entry and the emulator inherits);
  /// these come after it, so a test that needs one answer gets it whatever the set.
  std::vector<std::string> variants;
};

struct FlyReply {
  int status = 0;  // 0: no answer
  std::string body;
  std::map<std::string, std::string> headers;
  rapidjson::Document json() const;
};

class FlyEmulator {
 public:
  /// Starts the emulator; throws std::runtime_error (with its log) when it does not come up.
  FlyEmulator(const testbed::LocalRegistry& registry, FlyEmulatorOptions options);
  ~FlyEmulator();

  std::string api_url() const { return "http://127.0.0.1:" + std::to_string(api_port_); }
  std::string proxy_url() const { return "http://127.0.0.1:" + std::to_string(proxy_port_); }

  /// A Machines API call with `Authorization: Bearer <token>` (default: the first token).
  FlyReply call(const std::string& method, const std::string& path, const std::string& body = "",
                const std::string& token = "", const std::map<std::string, std::string>& headers = {});
  FlyReply admin(const std::string& method, const std::string& path, const std::string& body = "");
  /// The admin API every emulator shares (faults before or after the side effect, journal, variants).
  EmulatorAdmin admin_api() const { return EmulatorAdmin(api_url()); }
  FlyReply proxy(const std::string& path, const std::string& instance_id);

  /// Creates a machine in the first app, region sin, from `config_json` (the "config" object); returns its id.
  std::string create(const std::string& config_json, const std::string& extra = "");
  /// Polls GET until `pred(machine)` holds or the timeout passes.
  bool poll(const std::string& id, const std::function<bool(const rapidjson::Document&)>& pred,
            std::chrono::milliseconds timeout, std::string* last = nullptr);
  /// Machines from /_admin/machines not in state destroyed (-1: unreadable answer).
  int machines_alive();
  /// API requests in /_admin/requests (-1: unreadable answer).
  int requests_seen();

  testbed::ScopedProcess& process() { return *process_; }
  const std::string& work_dir() const { return dir_.path(); }
  std::string log() const { return process_->log(); }

 private:
  FlyEmulatorOptions options_;
  testbed::TempDir dir_{"flypin-fly-emulator"};
  std::unique_ptr<testbed::ScopedProcess> process_;
  int api_port_ = 0;
  int proxy_port_ = 0;
};

/// A registry (Basic auth) holding test images from tests/support/images/build-images.sh.
struct FlyTestImages {
  std::unique_ptr<testbed::LocalRegistry> registry;
  std::map<std::string, std::string> digests;  // name -> digest
  std::string ref(const std::string& name) const;
};
std::unique_ptr<FlyTestImages> push_fly_test_images(const std::vector<std::string>& names);

}  // namespace flypin::e2e
