#include "cmd/roll-machines/program.h"

#include <spdlog/spdlog.h>

#include "cmd/common/start_program.h"
#include "cmd/roll-machines/outputs.h"
#include "cmd/roll-machines/roll_machines.h"
#include "cmd/roll-machines/summary.h"

namespace flypin::cmd::roll_machines {
namespace {

// A worker's own libcurl handle behind its own retrying client (same rules as the World's).
class WorkerHttp : public core::HttpClient {
 public:
  WorkerHttp(const core::Environment& env, core::Clock& clock) : wire_(core::TlsTrust::from(env)), http_(wire_, clock) {
    http_.set_observer(log_retries());
  }
  core::Result<core::HttpResponse> send(const core::HttpRequest& request) override { return http_.send(request); }

 private:
  core::CurlHttpClient wire_;
  core::RetryingHttpClient http_;
};

}  // namespace

Finished Program::run(const Plan& plan, World& world) {
  Deps deps{world.http,      world.http,
            world.http,      [&world] { return std::make_unique<WorkerHttp>(world.env, world.clock); },
            world.processes, world.env,
            world.clock,     world.io};
  const auto report = roll_machines::run(plan, deps);
  for (const auto& line : report.outcome.log_lines) spdlog::error("  {}", line);
  if (!report.outcome.log_note.empty()) spdlog::warn("logs: {}", report.outcome.log_note);
  return {outputs_of(report.outcome), summary_markdown(plan, report), report.error};
}

}  // namespace flypin::cmd::roll_machines
