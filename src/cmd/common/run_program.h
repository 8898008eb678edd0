#pragma once
// The one main of every program. A Program (see cmd/pin-image/program.h)
// names itself and brings three steps:
//   add_flags(CLI::App&, Options&)            flags into raw strings and switches
//   validate(const Options&, const Environment&) -> Result<Plan>
//                                              every input parsed once; usage errors exit 2, before any network call
//   run(const Plan&, World&) -> Finished       Deps from the real World (deps.h), the program's
//                                              run(Plan, Deps) -> RunResult, and cmd::finished (run_result.h)
// and run_program does the rest: masks, logging, signals, flags (--json too),
// flag errors, outputs, summary and the exit status.

#include "cmd/common/finish.h"
#include "cmd/common/flags.h"
#include "cmd/common/outputs.h"
#include "cmd/common/start_program.h"
#include "cmd/common/world.h"
#include "core/environment.h"
#include "gha/actions_io.h"

namespace flypin::cmd {

template <class Program>
int run_program(int argc, char** argv) {
  const auto env = core::Environment::from_process();
  gha::ActionsIO io(env);
  start_program(Program::kName, env, io);

  typename Program::Options options;
  auto app = make_app(Program::kName, Program::kDescription);
  Program::add_flags(*app, options);
  const auto flags = parse_flags(*app, argc, argv);
  if (flags.exit) return *flags.exit;
  const Reporting reporting{.program = Program::kName, .json = flags.json};
  auto plan = Program::validate(options, env);
  if (!plan.ok()) return report_failure(io, reporting, plan.error());

  World world(env, io);
  return finish(io, reporting, Program::run(*plan, world));
}

}  // namespace flypin::cmd
