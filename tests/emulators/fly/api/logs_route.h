#pragma once
// GET /api/v1/apps/{app}/logs?next_token=&instance=&region=: the logs API
// flyctl reads (fly-go resource_logs.go), on the Machines API's port and
// behind the same gate. Tokens the admin API marks refused get 401, as
// deploy tokens may on Fly; lines show up `logs_ingestion_delay_ms` late.

#include <httplib.h>

#include "emulators/fly/fleet/fleet.h"

namespace flypin::emulators::fly {

inline constexpr const char* kLogsPath = R"(/api/v1/apps/([^/]+)/logs)";

void install_logs_route(httplib::Server& server, Fleet& fleet);

}  // namespace flypin::emulators::fly
