#pragma once
// The real seams a program runs against, made once by run_program: the
// environment, Actions I/O, the clock, processes, and the one HTTP client
// (one libcurl handle behind one RetryingHttpClient that logs its retries).
// Each program's run() picks what its Deps need from here.

#include "core/clock.h"
#include "core/curl_http_client.h"
#include "core/environment.h"
#include "core/process.h"
#include "core/retry.h"
#include "gha/actions_io.h"

namespace flypin::cmd {

struct World {
  World(const core::Environment& env, gha::ActionsIO& io);
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  const core::Environment& env;
  gha::ActionsIO& io;
  core::Clock& clock;
  core::SystemProcessRunner processes;
  core::CurlHttpClient wire;  // only through `http`
  /// Every HTTP call of the program; a request with another retry rule carries it.
  core::RetryingHttpClient http;
};

}  // namespace flypin::cmd
