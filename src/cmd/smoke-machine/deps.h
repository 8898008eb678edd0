#pragma once
// The seams smoke-machine's run() reaches the world through: the real ones
// from cmd::World (program.cc), stand-ins in tests. run() makes its Fly
// clients from them and the Plan.

#include "core/clock.h"
#include "core/http.h"
#include "gha/actions_io.h"

namespace flypin::cmd::smoke_machine {

struct Deps {
  /// Every call: the Fly Machines and logs APIs (cleanup's retry until its own
  /// deadline) and the health probes through the Fly proxy (one attempt each:
  /// the run loops).
  core::HttpClient& http;
  core::Clock& clock;
  gha::ActionsIO& io;
};

}  // namespace flypin::cmd::smoke_machine
