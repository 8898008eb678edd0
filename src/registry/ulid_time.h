#pragma once
// The build time a deployment-<ULID> tag carries: a ULID's first 10 Crockford
// base32 characters are its 48-bit Unix time in milliseconds
// (https://github.com/ulid/spec). Pure decoding, here so that the registry's
// tag list and pin-image's freshness guard can order images by it without
// knowing how build-image makes them.

#include <cstdint>
#include <optional>
#include <string_view>

namespace flypin::registry {

inline constexpr std::string_view kCrockfordBase32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Milliseconds since the Unix epoch; nullopt unless `ulid` passes is_ulid().
std::optional<std::int64_t> ulid_unix_ms(std::string_view ulid);

/// The ULID time of a deployment tag; nullopt for any other tag.
std::optional<std::int64_t> deployment_tag_unix_ms(std::string_view tag);

}  // namespace flypin::registry
