#pragma once
// The Machines API subset (/v1), the logs API and the admin API (/_admin) on
// one httplib server. Routes live in their own files; this one owns the gate
// every /v1 request passes (faults, auth, app, rate limit) and the journal.

#include <httplib.h>

#include <set>
#include <string>

#include "emulators/common/fault_plan.h"
#include "emulators/common/request_journal.h"
#include "emulators/fly/api/rate_policy.h"
#include "emulators/fly/fleet/fleet.h"

namespace flypin::emulators::fly {

struct ApiConfig {
  std::set<std::string> tokens;
  std::set<std::string> apps;
};

class ApiServer {
 public:
  ApiServer(ApiConfig config, Fleet& fleet);
  httplib::Server& server() { return server_; }

 private:
  void install_machine_routes();
  void install_admin_routes();
  /// Faults, auth, app and rate limit for /v1 requests; true when it already answered.
  bool gate(const httplib::Request& req, httplib::Response& res);

  ApiConfig config_;
  Fleet& fleet_;
  RateLimits limiter_;
  FaultPlan faults_;
  RequestJournal journal_;
  httplib::Server server_;
};

}  // namespace flypin::emulators::fly
