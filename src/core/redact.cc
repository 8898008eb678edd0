#include "core/redact.h"

#include <algorithm>
#include <mutex>
#include <regex>
#include <vector>

namespace flypin::core {
namespace {

struct SecretStore {
  std::mutex mu;
  std::vector<std::string> values;  // longest first, so overlapping secrets redact fully
};

SecretStore& store() {
  static SecretStore s;
  return s;
}

void replace_all(std::string& text, const std::string& needle, std::string_view with) {
  if (needle.empty()) return;
  for (size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + with.size())) {
    text.replace(pos, needle.size(), with);
  }
}

}  // namespace

void register_secret(std::string_view value) {
  if (value.size() < 4) return;
  auto& s = store();
  std::lock_guard lock(s.mu);
  std::string v(value);
  if (std::find(s.values.begin(), s.values.end(), v) != s.values.end()) return;
  s.values.push_back(std::move(v));
  std::sort(s.values.begin(), s.values.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

void clear_registered_secrets() {
  auto& s = store();
  std::lock_guard lock(s.mu);
  s.values.clear();
}

std::string redact(std::string_view text) {
  std::string out(text);
  {
    auto& s = store();
    std::lock_guard lock(s.mu);
    for (const auto& v : s.values) replace_all(out, v, "***");
  }
  static const std::regex auth_header(R"((Authorization:\s*(?:Bearer|Basic|FlyV1)\s+)[^\s,]+)", std::regex::icase);
  static const std::regex query_secret(R"(([?&](?:access_token|token|password|secret|signature)=)[^&\s#]+)",
                                       std::regex::icase);
  static const std::regex userinfo(R"((://[^/\s:@]+:)[^/\s@]+@)");
  out = std::regex_replace(out, auth_header, "$1***");
  out = std::regex_replace(out, query_secret, "$1***");
  out = std::regex_replace(out, userinfo, "$1***@");
  return out;
}

std::string redact_url(std::string_view url) { return redact(url); }

}  // namespace flypin::core
