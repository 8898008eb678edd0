#include "cmd/smoke-machine/program.h"

#include "cmd/smoke-machine/outputs.h"
#include "cmd/smoke-machine/smoke_machine.h"
#include "cmd/smoke-machine/summary.h"

namespace flypin::cmd::smoke_machine {

Finished Program::run(const Plan& plan, World& world) {
  fly::Client fly(world.http, world.clock, plan.fly);
  fly::LogsClient logs(world.http, plan.logs);
  Deps deps{fly, logs, world.http, world.clock, world.io};
  const auto outcome = smoke_machine::run(plan, deps);
  std::optional<core::Error> error;
  if (!outcome.status.ok()) error = outcome.status.error();
  return {outputs_of(outcome), summary_markdown(plan, outcome), error};
}

}  // namespace flypin::cmd::smoke_machine
