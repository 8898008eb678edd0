#include "core/link_header.h"

#include <algorithm>
#include <cctype>

#include "core/http.h"

namespace flypin::core {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool rel_contains(std::string_view value, std::string_view relation) {
  value = trim_ows(value);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  while (!value.empty()) {
    auto space = value.find(' ');
    auto word = value.substr(0, space);
    if (iequals(word, relation)) return true;
    if (space == std::string_view::npos) break;
    value.remove_prefix(space + 1);
  }
  return false;
}

// One header value may hold several links: `<a>; rel="x", <b>; rel="y"`.
// A comma inside <...> or a quoted parameter belongs to it.
std::optional<std::string> find_in(std::string_view value, std::string_view relation) {
  size_t i = 0;
  while (i < value.size()) {
    auto open = value.find('<', i);
    if (open == std::string_view::npos) return std::nullopt;
    auto close = value.find('>', open);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view target = value.substr(open + 1, close - open - 1);
    // Parameters run to the next comma outside quotes.
    size_t j = close + 1;
    bool quoted = false;
    while (j < value.size() && (quoted || value[j] != ',')) {
      if (value[j] == '"') quoted = !quoted;
      ++j;
    }
    std::string_view params = value.substr(close + 1, j - close - 1);
    while (!params.empty()) {
      auto semi = params.find(';');
      auto param = trim_ows(params.substr(0, semi));
      auto eq = param.find('=');
      if (eq != std::string_view::npos && iequals(trim_ows(param.substr(0, eq)), "rel") &&
          rel_contains(param.substr(eq + 1), relation)) {
        return std::string(target);
      }
      if (semi == std::string_view::npos) break;
      params.remove_prefix(semi + 1);
    }
    i = j + 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> link_target(const Headers& headers, std::string_view relation) {
  for (const auto& value : headers.get_all("Link")) {
    if (auto target = find_in(value, relation)) return target;
  }
  return std::nullopt;
}

std::optional<std::string> url_origin(std::string_view url) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  auto scheme = lower(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  auto rest = url.substr(scheme_end + 3);
  auto authority = rest.substr(0, rest.find_first_of("/?#"));
  // Userinfo would let "https://api.github.com@evil.example" pass a prefix test.
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  return scheme + "://" + lower(authority);
}

std::optional<std::string> resolve_link(std::string_view base, std::string_view target) {
  if (target.empty() || std::any_of(target.begin(), target.end(), [](unsigned char c) { return c <= ' '; })) {
    return std::nullopt;
  }
  if (url_origin(target)) return std::string(target);
  if (target.front() != '/' || target.starts_with("//")) return std::nullopt;
  auto origin = url_origin(base);
  if (!origin) return std::nullopt;
  return *origin + std::string(target);
}

}  // namespace flypin::core
