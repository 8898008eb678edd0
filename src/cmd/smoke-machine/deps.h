#pragma once

#include "core/clock.h"
#include "core/environment.h"
#include "core/http.h"
#include "fly/client.h"
#include "gha/actions_io.h"

namespace flypin::cmd::smoke_machine {

/// The world as run() sees it: real clients in main, fakes in tests.
struct Deps {
  fly::Client& fly;                  // the run's client: generic retries (429, 5xx)
  core::HttpClient& api_transport;   // the Fly API without retries: cleanup retries it until its own deadline
  core::HttpClient& wait_transport;  // the wait endpoint (its 408 means "not yet")
  core::HttpClient& probe_http;      // health probes through the Fly proxy (no retries)
  core::Clock& clock;
  gha::ActionsIO& io;
};

}  // namespace flypin::cmd::smoke_machine
