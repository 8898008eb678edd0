#pragma once
// The origin of a URL (RFC 6454): scheme, host and port. Credentials are bound
// to the registry's origin, so "may this request carry them" is a comparison
// of origins, and a redirect or token realm that would move them to plain
// http from https is a downgrade.

#include <optional>
#include <string>
#include <string_view>

namespace flypin::registry {

struct Origin {
  std::string scheme;  // "http" or "https"
  std::string host;    // lowercase; IPv6 in brackets
  int port = 0;        // explicit, or 80/443 by scheme

  bool operator==(const Origin&) const = default;
  bool secure() const { return scheme == "https"; }
  /// "https://host:port"
  std::string str() const;
};

/// nullopt for anything but an absolute http(s) URL with a host.
std::optional<Origin> origin_of(std::string_view url);

}  // namespace flypin::registry
