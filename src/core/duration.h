#pragma once

#include <chrono>
#include <string_view>

#include "core/result.h"

namespace flypin::core {

/// The range a duration accepts, both ends included. The default allows 0 up
/// to a year: nothing flypin waits for is longer, and no sum can overflow.
struct DurationBounds {
  std::chrono::milliseconds min{0};
  std::chrono::milliseconds max{std::chrono::hours(24 * 366)};
};

/// Parse "90s", "5m", "1m30s", "2h", "250ms" or bare seconds ("45"). Text
/// that is not a duration, or one outside `bounds`, is a usage error.
Result<std::chrono::milliseconds> parse_duration(std::string_view text, DurationBounds bounds = {});
/// "1m30s", "450ms", "2h5m".
std::string format_duration(std::chrono::milliseconds d);

}  // namespace flypin::core
