#pragma once
// The Machines API subset (/v1) and the admin API (/_admin) on one httplib server.

#include <httplib.h>

#include <set>
#include <string>

#include "fleet.h"
#include "rate_limiter.h"
#include "traffic.h"

namespace flypin::flyemu {

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
  RateLimiter limiter_;
  Traffic traffic_;
  httplib::Server server_;
};

}  // namespace flypin::flyemu
