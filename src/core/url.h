#pragma once
// URL encoding, its one home: every path segment and query value we build
// from data passes through url_encode.

#include <string>
#include <string_view>

namespace flypin::core {

/// Percent-encodes everything but the RFC 3986 unreserved characters
/// (A-Z a-z 0-9 - _ . ~), so the result is safe as a path segment or a
/// query name or value.
std::string url_encode(std::string_view text);

}  // namespace flypin::core
