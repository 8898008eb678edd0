#pragma once
// Timestamps and identifiers in the shapes the Machines API uses.

#include <string>

namespace flypin::emulators::fly {

/// RFC 3339 UTC with seconds ("2026-11-23T13:04:05Z").
std::string rfc3339_now();
/// RFC 3339 UTC with milliseconds ("2026-11-23T13:04:05.123Z"), as check results carry.
std::string rfc3339_ms_now();
long long unix_ms_now();
/// 14 lowercase hex characters, like Fly machine ids.
std::string new_machine_id();
/// 26-character ULID-like id (instance ids, event ids).
std::string new_ulid();

}  // namespace flypin::emulators::fly
