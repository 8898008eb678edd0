#pragma once
// Timestamps and identifiers in the shapes the Machines API uses.

#include <string>

namespace flypin::emulators::fly {

/// RFC 3339 UTC with seconds ("2026-11-23T13:04:05Z").
std::string rfc3339_now();
/// RFC 3339 UTC with milliseconds ("2026-11-23T13:04:05.123Z"), as check results carry.
std::string rfc3339_ms_now();
long long unix_ms_now();
/// A Unix time as the lease errors write it: RFC 3339 ("2026-08-14T09:57:35Z", a mutation's 409)
/// or Go's time.String ("2022-10-20 19:59:06 +0000 UTC", the lease endpoint's 409).
enum class UtcForm { kRfc3339, kGo };
std::string utc_text(long long unix_seconds, UtcForm form);
/// 14 lowercase hex characters, like Fly machine ids.
std::string new_machine_id();
/// 26-character ULID-like id (instance ids, event ids).
std::string new_ulid();

}  // namespace flypin::emulators::fly
