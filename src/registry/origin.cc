#include "registry/origin.h"

#include <cctype>
#include <charconv>

namespace flypin::registry {

std::string Origin::str() const { return scheme + "://" + host + ":" + std::to_string(port); }

std::optional<Origin> origin_of(std::string_view url) {
  auto sep = url.find("://");
  if (sep == std::string_view::npos) return std::nullopt;
  Origin o;
  for (char c : url.substr(0, sep)) o.scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (o.scheme != "http" && o.scheme != "https") return std::nullopt;
  std::string_view authority = url.substr(sep + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);

  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      port = rest.substr(1);
    }
  } else if (auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  if (host.empty()) return std::nullopt;
  for (char c : host) o.host.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (port.empty()) {
    o.port = o.secure() ? 443 : 80;
  } else {
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), o.port);
    if (ec != std::errc() || end != port.data() + port.size() || o.port <= 0 || o.port > 65535) return std::nullopt;
  }
  return o;
}

}  // namespace flypin::registry
