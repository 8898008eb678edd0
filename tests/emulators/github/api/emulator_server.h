#pragma once
// flypin-github-emulator: GitHub's REST Deployments API on loopback. Every
// request to the API passes one gate, in GitHub's order where it has one:
// injected faults, User-Agent, X-GitHub-Api-Version, the primary rate limit
// (per token; per address without one), credentials (401), armed secondary
// rate limits, the route (404), the repository (404), the token's
// `deployments` permission (403), then the operation. The unauthenticated
// /_admin/ API arms faults and limits, seeds refs and commit statuses, shows
// the request journal and the state, and resets.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "emulators/github/auth/token_grant.h"
#include "emulators/github/store/deployment_store.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace flypin::emulators {
class FaultPlan;
class RateLimiter;
class RequestJournal;
class Variants;
}  // namespace flypin::emulators

namespace flypin::emulators::github {

struct EmulatorConfig {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: pick a free one
  std::vector<TokenGrant> tokens;
  StoreConfig store;
  int rate_limit = 1000;  // per token per window: a GITHUB_TOKEN's 1,000 an hour
  std::chrono::seconds rate_window{3600};
  int anonymous_rate_limit = 60;  // per address per window
};

inline constexpr const char* kVariantsEnv = "FLYPIN_GITHUB_VARIANTS";

/// Every GitHub variant, its values (default first) and why it exists (FIDELITY.md).
Variants github_variant_catalogue();
/// The store's rules as the variants chosen say.
void apply_variants(const Variants& chosen, StoreConfig& store);

class EmulatorServer {
 public:
  /// `variants`: what was chosen at start (already applied to config.store; listed by GET /_admin/variants).
  EmulatorServer(EmulatorConfig config, const Variants& variants);
  ~EmulatorServer();
  EmulatorServer(const EmulatorServer&) = delete;
  EmulatorServer& operator=(const EmulatorServer&) = delete;

  /// Binds; returns the port, or -1 when the address could not be bound.
  int bind();
  /// Serves until stop() (blocks).
  void serve();
  void stop();
  /// Problem with the state file, if any.
  std::string state_error() const;

 private:
  void install_admin_routes();
  void handle_api(const httplib::Request& req, httplib::Response& res);

  EmulatorConfig config_;
  const Variants& variants_;
  std::string base_url_;
  std::unique_ptr<httplib::Server> server_;
  std::unique_ptr<DeploymentStore> store_;
  std::unique_ptr<emulators::RateLimiter> limiter_;
  std::unique_ptr<emulators::FaultPlan> faults_;
  std::unique_ptr<emulators::FaultPlan> secondary_limits_;
  std::unique_ptr<emulators::RequestJournal> journal_;
};

}  // namespace flypin::emulators::github
