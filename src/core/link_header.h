#pragma once
// Web links (RFC 8288) as GitHub and the distribution spec use them for
// pagination: `Link: <https://api.github.com/...&page=2>; rel="next", <...>; rel="last"`.
// Only the target of one relation is wanted; everything else is ignored.

#include <optional>
#include <string>
#include <string_view>

#include "core/http.h"

namespace flypin::core {

/// The target of the first link whose `rel` (quoted or not, possibly a
/// space-separated list) contains `relation`, over every Link header of the
/// response; nullopt when there is none or the header cannot be read.
std::optional<std::string> link_target(const Headers& headers, std::string_view relation);

/// `target` made absolute against `base` (an absolute http(s) URL): absolute
/// targets as they are, "/path?query" on base's scheme and authority.
/// nullopt for anything else (relative paths, other schemes, "//host" forms).
std::optional<std::string> resolve_link(std::string_view base, std::string_view target);

/// "scheme://authority" of an absolute http(s) URL, lowercased, with no
/// trailing slash; nullopt when `url` is not one. Two URLs with equal origins
/// (by this text) may share credentials; anything else fails closed, even a
/// spelling of the same host with a default port made explicit.
std::optional<std::string> url_origin(std::string_view url);

}  // namespace flypin::core
