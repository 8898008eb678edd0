#include <spdlog/spdlog.h>

#include "cmd/common/program.h"
#include "cmd/smoke-machine/outputs.h"
#include "cmd/smoke-machine/smoke_machine.h"
#include "cmd/smoke-machine/summary.h"
#include "core/clock.h"
#include "core/curl_http_client.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "core/retry.h"

namespace {
constexpr const char* kProgram = "smoke-machine";
}

int main(int argc, char** argv) {
  using namespace flypin;
  auto env = core::Environment::from_process();
  gha::ActionsIO io(env);
  cmd::start_program(kProgram, env, io);

  cmd::smoke_machine::Options options;
  auto app = cmd::make_app(kProgram,
                           "Boot an image on a throwaway Fly machine in the given region and size, prove /health "
                           "answers, and destroy the machine on every path.");
  cmd::smoke_machine::add_flags(*app, options);
  if (auto exit = cmd::parse_flags(*app, argc, argv)) return *exit;
  auto plan = cmd::smoke_machine::validate(options, env);
  if (!plan.ok()) return cmd::report_failure(io, kProgram, plan.error());
  for (const auto& name : plan->secret_names) io.mask(plan->env.at(name));

  const auto trust = core::TlsTrust::from(env);
  core::CurlHttpClient api_curl(trust), wait_curl(trust), probe_curl(trust);
  core::RetryingHttpClient api_http(api_curl, core::system_clock());
  api_http.set_observer(cmd::log_retries());
  fly::Client fly(api_http, wait_curl, core::system_clock(), plan->fly);
  cmd::smoke_machine::Deps deps{fly, api_curl, wait_curl, probe_curl, core::system_clock(), io};

  const auto outcome = cmd::smoke_machine::run(*plan, deps);
  const auto results = cmd::smoke_machine::outputs_of(outcome);
  const auto summary = cmd::smoke_machine::summary_markdown(*plan, outcome);
  if (!outcome.status.ok()) {
    // A failed run still says what it left behind (outputs, summary, --json),
    // and its error, which names it too, is the last line.
    return cmd::finish_failed(io, kProgram, outcome.status.error(), results, summary);
  }
  return cmd::finish(io, kProgram, results, plan->json, summary);
}
