#pragma once
// The Machines API subset (/v1), the logs API and the admin API (/_admin) on
// one httplib server. Routes live in their own files; this one owns the gate
// every /v1 request passes (faults, auth, app, rate limit) and the journal.

#include <httplib.h>

#include <set>
#include <string>

#include "emulators/common/fault_plan.h"
#include "emulators/common/request_journal.h"
#include "emulators/common/variants.h"
#include "emulators/fly/api/rate_policy.h"
#include "emulators/fly/fleet/fleet.h"
#include "emulators/fly/model/machine_json.h"

namespace flypin::emulators::fly {

struct ApiConfig {
  std::set<std::string> tokens;
  std::set<std::string> apps;
};

class ApiServer {
 public:
  /// `variants`: what was chosen at start (the fleet has their typed view).
  ApiServer(ApiConfig config, Fleet& fleet, const Variants& variants);
  httplib::Server& server() { return server_; }

 private:
  void install_machine_routes();
  void install_admin_routes();
  /// Faults, auth, app and rate limit for /v1 requests; true when it already answered.
  bool gate(const httplib::Request& req, httplib::Response& res);
  /// How machines are written out under the variants chosen at start.
  Rendering rendering(Detail detail) const;
  /// A machine as a read shows it (read-after-start: may still say starting).
  Machine as_read(Machine m) const;

  ApiConfig config_;
  Fleet& fleet_;
  const Variants& variants_;
  RateLimits limiter_;
  FaultPlan faults_;
  RequestJournal journal_;
  httplib::Server server_;
};

}  // namespace flypin::emulators::fly
