#include "fly/authorization.h"

#include <vector>

#include "core/http.h"

namespace flypin::fly {
namespace {

std::string_view strip_scheme(std::string_view token) {
  token = core::trim_ows(token);
  auto space = token.find(' ');
  if (space == std::string_view::npos) return token;
  auto scheme = token.substr(0, space);
  if (core::iequals(scheme, "Bearer") || core::iequals(scheme, "FlyV1")) return strip_scheme(token.substr(space + 1));
  return token;
}

bool is_macaroon(std::string_view token) {
  auto kind = token.substr(0, token.find('_'));
  return token.find('_') != std::string_view::npos && (kind == "fm1r" || kind == "fm1a" || kind == "fm2");
}

std::string join(const std::vector<std::string_view>& parts) {
  std::string out;
  for (auto p : parts) out += (out.empty() ? "" : ",") + std::string(p);
  return out;
}

}  // namespace

std::string authorization_header(std::string_view token) {
  std::vector<std::string_view> macaroons;
  std::vector<std::string_view> others;
  std::string_view rest = strip_scheme(token);
  while (true) {
    auto comma = rest.find(',');
    auto part = core::trim_ows(rest.substr(0, comma));
    (is_macaroon(part) ? macaroons : others).push_back(part);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (!macaroons.empty()) return "FlyV1 " + join(macaroons);
  return "Bearer " + join(others);
}

}  // namespace flypin::fly
