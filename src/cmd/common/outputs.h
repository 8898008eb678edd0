#pragma once
// A program's results stay typed until they are written: each program fills
// its own Outputs struct, lists it as Output values in order, and one writer
// (cmd::finish, program.h) sends them to GITHUB_OUTPUT as text, to --json as
// JSON values, next to the step summary.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/error.h"
#include "core/json.h"

namespace flypin::cmd {

/// A list of records (a JSON array of objects; GITHUB_OUTPUT gets that JSON).
using OutputRecords = std::vector<core::json::FlatObject>;
using OutputValue = std::variant<std::string, long long, bool, OutputRecords>;

struct Output {
  std::string name;
  OutputValue value;
};

/// Outputs in the order they are written.
using OutputList = std::vector<Output>;

/// What a run leaves for its last step: outputs (also on failure, when they
/// say what happened), the step summary ("" for none), and why it failed.
struct Finished {
  OutputList outputs;
  std::string summary;
  std::optional<core::Error> error;
};

/// The text GITHUB_OUTPUT gets: strings as they are, numbers in decimal, true/false, records as JSON.
std::string output_text(const OutputValue& value);

/// The outputs as one JSON object, values typed.
core::json::FlatObject outputs_json(const OutputList& outputs);

}  // namespace flypin::cmd
