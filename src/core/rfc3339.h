#pragma once
// RFC 3339 timestamps as APIs write them: "2026-04-16T14:00:00.123456789Z",
// "2026-01-02T03:04:05Z", "2026-01-02T03:04:05+02:00" (Fly logs, GitHub,
// image configs' `created`). One parser for all of them.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace flypin::core {

/// Nanoseconds since the Unix epoch (UTC); fractions beyond 9 digits are
/// cut. nullopt for anything that is not a full RFC 3339 date-time, and for
/// times that nanoseconds in 64 bits cannot hold (before 1677, after 2262).
std::optional<std::int64_t> parse_rfc3339_nanos(std::string_view text);

/// "2026-01-02T03:04:05.123Z" for milliseconds since the Unix epoch (UTC).
std::string format_rfc3339_ms(std::int64_t unix_ms);

}  // namespace flypin::core
