#pragma once

#include "core/clock.h"
#include "core/http.h"
#include "fly/client.h"
#include "fly/logs_client.h"
#include "gha/actions_io.h"

namespace flypin::cmd::smoke_machine {

/// The world as run() sees it: real clients from cmd::World, fakes in tests.
struct Deps {
  fly::Client& fly;       // the run's client, over `http`
  fly::LogsClient& logs;  // the machine's logs, over `http`
  /// Every call: the Fly API (cleanup's retry until its own deadline) and the
  /// health probes through the Fly proxy (one attempt each: the run loops).
  core::HttpClient& http;
  core::Clock& clock;
  gha::ActionsIO& io;
};

}  // namespace flypin::cmd::smoke_machine
