#pragma once
// The Fly proxy stand-in: forwards HTTP to a machine's service port inside its
// network namespace, chosen by `fly-force-instance-id` (else any started
// machine of the app named by the Host header, or of the first app).

#include <httplib.h>

#include <set>
#include <string>

#include "emulators/fly/fleet/fleet.h"

namespace flypin::emulators::fly {

class ProxyServer {
 public:
  ProxyServer(std::set<std::string> apps, Fleet& fleet);
  httplib::Server& server() { return server_; }

 private:
  void handle(const httplib::Request& req, httplib::Response& res);

  std::set<std::string> apps_;
  Fleet& fleet_;
  httplib::Server server_;
};

}  // namespace flypin::emulators::fly
