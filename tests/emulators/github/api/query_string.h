#pragma once
// A request's query string: decoded lookups, and the raw pairs in their
// order so that Link headers can repeat them as GitHub does.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flypin::emulators::github {

class QueryString {
 public:
  /// `raw` is what follows '?' in the request target (may be empty).
  explicit QueryString(std::string_view raw);

  /// Decoded value of the first `key`; nullopt when absent.
  std::optional<std::string> get(std::string_view key) const;
  /// The raw query with `key` set to `value`: replaced where it was, else appended.
  std::string with(std::string_view key, std::string_view value) const;
  const std::string& raw() const { return raw_; }

 private:
  std::string raw_;
  std::vector<std::pair<std::string, std::string>> pairs_;  // raw, still percent-encoded
};

/// Percent-decoding with '+' as space (application/x-www-form-urlencoded).
std::string url_decode(std::string_view text);

}  // namespace flypin::emulators::github
