#include "core/http.h"

#include <algorithm>
#include <cctype>

#include "core/redact.h"

namespace flypin::core {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void Headers::set(const std::string& name, std::string value) {
  std::erase_if(items_, [&](const auto& kv) { return iequals(kv.first, name); });
  items_.emplace_back(name, std::move(value));
}

std::optional<std::string> Headers::get(std::string_view name) const {
  for (const auto& [k, v] : items_) {
    if (iequals(k, name)) return v;
  }
  return std::nullopt;
}

std::vector<std::string> Headers::get_all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : items_) {
    if (iequals(k, name)) out.push_back(v);
  }
  return out;
}

bool HttpRequest::idempotent() const {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS";
}

std::string body_excerpt(std::string_view body, size_t limit) {
  std::string out(body.substr(0, limit));
  std::replace_if(
      out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (body.size() > limit) out += "...";
  return redact(out);
}

std::string size_text(std::size_t bytes) {
  if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  if (bytes >= kKiB && bytes % kKiB == 0) return std::to_string(bytes / kKiB) + " KiB";
  return std::to_string(bytes) + " bytes";
}

Error http_error(const HttpRequest& request, const HttpResponse& response, std::string message) {
  Error e;
  e.kind = ErrorKind::kHttp;
  e.message = redact(message);
  e.api = request.api;
  e.method = request.method;
  e.url = redact_url(request.url);
  e.http_status = response.status;
  e.body_excerpt = body_excerpt(response.body);
  return e;
}

}  // namespace flypin::core
