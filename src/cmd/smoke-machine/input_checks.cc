#include "cmd/smoke-machine/input_checks.h"

#include <string>

namespace flypin::cmd::smoke_machine {
namespace {

bool printable(char c) { return c > 0x20 && c < 0x7f; }
bool alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Echoed in an error: short (the log makes it one safe line).
std::string shown(std::string_view text) { return std::string(text.substr(0, 80)) + (text.size() > 80 ? "..." : ""); }

}  // namespace

core::Status validate_proxy_url(std::string_view url) { return validate_base_url(url, "--proxy-url"); }

core::Status validate_base_url(std::string_view url, std::string_view what) {
  auto bad = [&](const std::string& why) {
    return core::Error::usage(std::string(what) + " '" + shown(url) + "' " + why);
  };
  for (char c : url) {
    if (!printable(c)) return bad("has spaces or control characters");
  }
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return bad("is not a URL: use http://host[:port] or https://host[:port]");
  const auto scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return bad("must be http:// or https://");
  const auto rest = url.substr(scheme_end + 3);
  const auto authority = rest.substr(0, rest.find('/'));
  if (authority.empty()) return bad("has no host");
  if (authority.find('@') != std::string_view::npos) return bad("must not carry credentials");
  if (url.find_first_of("?#") != std::string_view::npos) return bad("must not have a query or fragment");
  return core::ok_status();
}

core::Status validate_health_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return core::Error::usage("--health-path must start with /");
  for (char c : path) {
    if (!printable(c) || c == '#') {
      return core::Error::usage("--health-path '" + shown(path) + "' must be printable ASCII without spaces or '#'");
    }
  }
  return core::ok_status();
}

bool is_env_name(std::string_view name) {
  if (name.empty() || (name.front() >= '0' && name.front() <= '9')) return false;
  for (char c : name) {
    if (!alnum(c) && c != '_') return false;
  }
  return true;
}

core::Status validate_scope(std::string_view scope) {
  bool ok = !scope.empty() && scope.size() <= 64;
  for (char c : scope) ok = ok && (alnum(c) || c == '_' || c == '.' || c == '-');
  if (!ok) return core::Error::usage("--scope '" + shown(scope) + "' must be 1 to 64 letters, digits, '_', '.' or '-'");
  return core::ok_status();
}

}  // namespace flypin::cmd::smoke_machine
