#pragma once
// Parses and validates a CreateMachineRequest body (fly-machines-openapi.json)
// into a Machine; errors are the 400 message the API returns.

#include <chrono>
#include <optional>
#include <string>

#include "core/result.h"
#include "emulators/fly/model/machine.h"

namespace flypin::emulators::fly {

struct CreateRequest {
  Machine machine;  // id, state, timestamps not yet set
  bool skip_launch = false;
  bool auto_destroy = false;
  std::string current_version;  // UpdateMachineRequest: refuse when the machine moved on
};

/// Go-style duration ("500ms", "10s", "1m30s"); nullopt when malformed.
std::optional<std::chrono::milliseconds> parse_go_duration(const std::string& text);

core::Result<CreateRequest> parse_create_request(const std::string& body);

}  // namespace flypin::emulators::fly
