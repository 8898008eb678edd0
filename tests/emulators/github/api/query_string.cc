#include "emulators/github/api/query_string.h"

namespace flypin::emulators::github {

namespace {
int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string url_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

QueryString::QueryString(std::string_view raw) : raw_(raw) {
  size_t start = 0;
  while (start <= raw.size()) {
    auto end = raw.find('&', start);
    if (end == std::string_view::npos) end = raw.size();
    const auto item = raw.substr(start, end - start);
    if (!item.empty()) {
      const auto eq = item.find('=');
      pairs_.emplace_back(std::string(item.substr(0, eq)),
                          eq == std::string_view::npos ? "" : std::string(item.substr(eq + 1)));
    }
    start = end + 1;
  }
}

std::optional<std::string> QueryString::get(std::string_view key) const {
  for (const auto& [k, v] : pairs_) {
    if (url_decode(k) == key) return url_decode(v);
  }
  return std::nullopt;
}

std::string QueryString::with(std::string_view key, std::string_view value) const {
  std::string out;
  bool replaced = false;
  for (const auto& [k, v] : pairs_) {
    const bool match = url_decode(k) == key;
    if (match && replaced) continue;  // one occurrence is enough
    if (!out.empty()) out += '&';
    out += k;
    out += '=';
    out += match ? std::string(value) : v;
    replaced = replaced || match;
  }
  if (!replaced) {
    if (!out.empty()) out += '&';
    out += std::string(key) + "=" + std::string(value);
  }
  return out;
}

}  // namespace flypin::emulators::github
