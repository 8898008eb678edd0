#include "cmd/roll-machines/program.h"

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
  return finished(plan, roll_machines::run(plan, deps));
}

}  // namespace flypin::cmd::roll_machines
