#pragma once
// GET /v1/apps/{app}/machines/{id}/wait: blocks until the machine reaches one
// of the asked states, or answers 408 when the timeout passes.

#include <httplib.h>

#include <chrono>
#include <string>
#include <vector>

#include "core/result.h"
#include "emulators/fly/fleet/fleet.h"

namespace flypin::emulators::fly {

struct WaitQuery {
  std::vector<std::string> states;  // "settled" expanded; started when none asked
  std::chrono::seconds timeout{60};
  std::string instance_id;  // version or instance_id; never blocks a match
};

/// The query as Fly reads it; an error's message is the 400 answer.
core::Result<WaitQuery> parse_wait_query(const httplib::Request& req);

void install_wait_route(httplib::Server& server, Fleet& fleet, const std::string& machine_path);

}  // namespace flypin::emulators::fly
