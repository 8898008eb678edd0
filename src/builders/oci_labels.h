#pragma once
// The OCI annotations every flypin image carries, from the GitHub context.
#include <cstdint>
#include <string>
#include <vector>

#include "builders/build_request.h"
#include "core/environment.h"
#include "core/result.h"

namespace flypin::build {

/// RFC 3339 UTC time, e.g. 2026-11-23T12:00:00Z.
std::string rfc3339_utc(std::int64_t unix_seconds);

/// org.opencontainers.image.{created,revision,source}; revision and source
/// only when GITHUB_SHA / GITHUB_REPOSITORY are set.
std::vector<KeyValue> oci_labels(const core::Environment& env, std::int64_t unix_seconds);

/// Parse `K=V` pairs (flag values); a missing `=` or empty key is a usage error.
core::Result<std::vector<KeyValue>> parse_key_values(const std::vector<std::string>& items, const std::string& flag);

}  // namespace flypin::build
