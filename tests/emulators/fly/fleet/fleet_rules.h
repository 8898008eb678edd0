#pragma once
// Rules the fleet's files share: its errors, the config as echoed, which states are active.

#include <string>

#include "core/error.h"
#include "emulators/fly/model/machine.h"

namespace flypin::emulators::fly {

/// An error the API answers with `status`.
core::Error http_error(int status, std::string message);
/// The config as echoed: what was sent, with the guest the machine really got.
std::string effective_config(const std::string& config_json, const Guest& guest);
/// A machine with a process (or about to have one).
bool is_active(const std::string& state);

}  // namespace flypin::emulators::fly
