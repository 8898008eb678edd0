#pragma once

#include "core/clock.h"
#include "core/environment.h"
#include "core/http.h"
#include "fly/client.h"
#include "gha/actions_io.h"

namespace flypin::cmd::smoke {

/// The world as run() sees it: real clients in main, fakes in tests.
struct Deps {
  fly::Client& fly;
  core::HttpClient& probe_http;  // health probes through the Fly proxy (no retries)
  core::Clock& clock;
  gha::ActionsIO& io;
};

}  // namespace flypin::cmd::smoke
