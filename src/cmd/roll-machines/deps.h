#pragma once
// The seams roll-machines' run() reaches the world through: the real ones
// from cmd::World (program.cc), stand-ins in tests. One HTTP client per API,
// and a factory for the update pool (a libcurl handle is one thread's).

#include "cmd/roll-machines/worker_pool.h"
#include "core/clock.h"
#include "core/environment.h"
#include "core/http.h"
#include "core/process.h"
#include "gha/actions_io.h"

namespace flypin::cmd::roll_machines {

struct Deps {
  core::HttpClient& registry_http;
  core::HttpClient& supabase_http;
  core::HttpClient& fly_http;      // the list, the canaries, the logs
  HttpFactory worker_http;         // one client per worker of the update pool
  core::ProcessRunner& processes;  // docker credential helpers
  const core::Environment& env;
  core::Clock& clock;
  gha::ActionsIO& io;
};

}  // namespace flypin::cmd::roll_machines
