#pragma once
// The --state file: StoreData as JSON, written by atomic rename after every
// change so that the demo can stop and start the emulator.

#include <string>

#include "emulators/github/model/deployment.h"

namespace flypin::emulators::github {

std::string state_to_json(const StoreData& data);

/// Fills `data` from `text`: ids, and the repositories already in `data`
/// (matched by full name) get their refs, commit statuses and deployments.
/// Returns a problem, or "" when the text was valid state.
std::string state_from_json(const std::string& text, StoreData& data);

/// Writes `text` to `path` through a temporary file; returns a problem or "".
std::string write_atomically(const std::string& path, const std::string& text);

}  // namespace flypin::emulators::github
