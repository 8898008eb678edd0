#include "core/redact.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <mutex>
#include <regex>
#include <vector>

#include "core/crypto.h"

namespace flypin::core {
namespace {

constexpr size_t kMinSecretLength = 4;
// An issued token shorter or plainer than this is public text, not a secret.
constexpr size_t kMinTokenLength = 16;
constexpr double kMinTokenBits = 48.0;

// Query parameters whose values are protocol, not secrets: the registry API's
// (token scope and service, blob mounts, pagination) and the Fly Machines API's.
// Every other value is redacted: a redirect or a configured URL may carry a
// signature or key under any name (X-Amz-Signature, sig, se, apikey, key...).
constexpr std::array<std::string_view, 14> kPlainQueryParameters = {
    "scope",           "service", "mount",   "from",        "digest", "n",    "last",      // registry
    "include_deleted", "state",   "timeout", "instance_id", "force",  "kill", "summary"};  // Fly Machines

struct SecretStore {
  std::mutex mu;
  std::vector<std::string> values;  // longest first, so overlapping secrets redact fully
  std::function<void(const std::string&)> observer;
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

// A Fly macaroon: "fm2_...", "fm1r_...", "fo1_...".
bool is_macaroon(std::string_view part) {
  return part.size() > 4 && part[0] == 'f' && std::isalpha(static_cast<unsigned char>(part[1])) &&
         std::isdigit(static_cast<unsigned char>(part[2])) && part.find('_') != std::string_view::npos &&
         part.find('_') <= 5;
}

// The value and every form of it that may be printed on its own.
std::vector<std::string> forms_of(std::string_view value) {
  std::vector<std::string> forms{std::string(value)};
  std::string_view token = value;
  constexpr std::string_view kFlyScheme = "FlyV1 ";
  if (token.starts_with(kFlyScheme)) {
    token.remove_prefix(kFlyScheme.size());
    forms.emplace_back(token);
  }
  std::vector<std::string_view> parts;
  for (size_t start = 0; start <= token.size();) {
    size_t comma = std::min(token.find(',', start), token.size());
    parts.push_back(token.substr(start, comma - start));
    start = comma + 1;
  }
  if (parts.size() > 1 && std::all_of(parts.begin(), parts.end(), is_macaroon)) {
    for (auto part : parts) forms.emplace_back(part);
  }
  return forms;
}

std::string url_safe(std::string b64) {
  std::replace(b64.begin(), b64.end(), '+', '-');
  std::replace(b64.begin(), b64.end(), '/', '_');
  return b64;
}

std::string unpadded(std::string b64) {
  while (!b64.empty() && b64.back() == '=') b64.pop_back();
  return b64;
}

void add_values(const std::vector<std::string>& candidates) {
  std::vector<std::string> added;
  std::function<void(const std::string&)> observer;
  {
    auto& s = store();
    std::lock_guard lock(s.mu);
    for (const auto& v : candidates) {
      if (v.size() < kMinSecretLength || std::find(s.values.begin(), s.values.end(), v) != s.values.end()) continue;
      s.values.push_back(v);
      added.push_back(v);
    }
    std::sort(s.values.begin(), s.values.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    observer = s.observer;
  }
  if (observer) {
    for (const auto& v : added) observer(v);
  }
}

bool plain_query_parameter(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return std::find(kPlainQueryParameters.begin(), kPlainQueryParameters.end(), name) != kPlainQueryParameters.end();
}

std::string redact_query_values(const std::string& text) {
  static const std::regex parameter(R"(([?&])([A-Za-z0-9_.~%\[\]-]+)=([^&\s#"'<>]+))");
  std::string out;
  auto last = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), parameter), end; it != end; ++it) {
    const auto& m = *it;
    out.append(last, m[0].first);
    out += m[1].str() + m[2].str() + "=" + (plain_query_parameter(m[2].str()) ? m[3].str() : "***");
    last = m[0].second;
  }
  out.append(last, text.cend());
  return out;
}

}  // namespace

void register_secret(std::string_view value) { add_values(forms_of(value)); }

bool looks_like_a_token(std::string_view text) {
  if (text.size() < kMinTokenLength) return false;
  // Shannon entropy of the character distribution, over the whole text.
  std::array<std::size_t, 256> counts{};
  for (unsigned char c : text) ++counts[c];
  double bits = 0;
  const auto n = static_cast<double>(text.size());
  for (auto count : counts) {
    if (count == 0) continue;
    const double p = static_cast<double>(count) / n;
    bits -= static_cast<double>(count) * std::log2(p);
  }
  return bits >= kMinTokenBits;
}

bool register_issued_token(std::string_view token) {
  if (!looks_like_a_token(token)) return false;
  register_secret(token);
  return true;
}

void register_credential(std::string_view username, std::string_view password) {
  register_secret(password);
  if (password.empty()) return;
  std::string pair = std::string(username) + ":" + std::string(password);
  std::string b64 = base64_encode(pair);
  add_values({pair, b64, unpadded(b64), url_safe(b64), unpadded(url_safe(b64))});
}

void observe_secrets(std::function<void(const std::string&)> observer) {
  std::vector<std::string> existing;
  {
    auto& s = store();
    std::lock_guard lock(s.mu);
    s.observer = observer;
    existing = s.values;
  }
  if (observer) {
    for (const auto& v : existing) observer(v);
  }
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
  static const std::regex auth_header(R"((Authorization:\s*(?:Bearer|Basic|FlyV1)\s+)\S+)", std::regex::icase);
  static const std::regex userinfo(R"((://[^/\s:@]+:)[^/\s@]+@)");
  out = std::regex_replace(out, auth_header, "$1***");
  out = redact_query_values(out);
  out = std::regex_replace(out, userinfo, "$1***@");
  return out;
}

std::string redact_url(std::string_view url) { return redact(url); }

}  // namespace flypin::core
