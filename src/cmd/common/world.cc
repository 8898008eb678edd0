#include "cmd/common/world.h"

#include "cmd/common/start_program.h"

namespace flypin::cmd {

World::World(const core::Environment& environment, gha::ActionsIO& actions_io)
    : env(environment),
      io(actions_io),
      clock(core::system_clock()),
      wire(core::TlsTrust::from(environment)),
      http(wire, clock) {
  http.set_observer(log_retries());
}

}  // namespace flypin::cmd
