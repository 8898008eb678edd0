#pragma once
// WWW-Authenticate parsing (RFC 7235): one header may carry several challenges,
// each a scheme followed by comma-separated params whose values are tokens or
// quoted strings (which may contain commas and escaped quotes).

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flypin::registry {

struct Challenge {
  std::string scheme;                         // lowercased: "basic", "bearer"
  std::map<std::string, std::string> params;  // keys lowercased

  std::string param(const std::string& key) const;
};

std::vector<Challenge> parse_challenges(std::string_view header);

/// The first challenge with the given (lowercase) scheme across headers.
std::optional<Challenge> find_challenge(const std::vector<std::string>& headers, std::string_view scheme);

}  // namespace flypin::registry
