#pragma once
// A flag's raw value (as CLI11 left it, a string) turned into a typed one by
// validate(), with the usage error in the user's words: the ranges and choices
// of a flag live in its program's validate(), and nowhere in the parser.

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/result.h"

namespace flypin::cmd {

/// Reject a flag value that must not be empty, as a usage error.
std::optional<core::Error> require_flag(const std::string& value, const std::string& flag);

/// The smallest and largest value a whole-number flag takes.
struct WholeRange {
  int min = 0;
  int max = 0;
};

/// A whole number within `range` (decimal digits, no sign, no spaces), or a
/// usage error: "--cpus must be a whole number from 1 to 64, got 'many'".
core::Result<int> whole_number_flag(std::string_view text, std::string_view flag, WholeRange range);

/// `text` is one of `choices`, or a usage error: "--cpu-kind must be shared
/// or performance, got 'fast'".
core::Status check_choice(std::string_view text, std::string_view flag,
                          std::initializer_list<std::string_view> choices);

}  // namespace flypin::cmd
