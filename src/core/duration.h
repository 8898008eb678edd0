#pragma once

#include <chrono>
#include <string_view>

#include "core/result.h"

namespace flypin::core {

/// Parse "90s", "5m", "1m30s", "2h", "250ms" or bare seconds ("45").
Result<std::chrono::milliseconds> parse_duration(std::string_view text);
/// "1m30s", "450ms", "2h5m".
std::string format_duration(std::chrono::milliseconds d);

}  // namespace flypin::core
