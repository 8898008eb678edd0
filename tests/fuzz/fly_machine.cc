// Fly Machines API bodies (src/fly/machine): a machine, a machine list, events.
#include <cstdint>
#include <string_view>

#include "fly/machine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  if (auto machine = flypin::fly::parse_machine_json(body); machine.ok()) {
    (void)flypin::fly::is_terminal_state(machine->state);
  }
  (void)flypin::fly::parse_machine_list_json(body);
  if (auto events = flypin::fly::parse_events_json(body); events.ok()) {
    (void)flypin::fly::last_exit_event(*events);
    (void)flypin::fly::first_failed_event(*events);
  }
  return 0;
}
