#include "support/launchers/program_json.h"

#include "core/json.h"
#include "support/launchers/program_run.h"

namespace flypin::e2e {
namespace {

std::optional<rapidjson::Document> json_object(const std::string& out) {
  const auto all = lines(out);
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (it->front() != '{') continue;
    auto doc = core::json::parse(*it, "a program's --json line");
    if (doc.ok() && doc->IsObject()) return std::move(*doc);
  }
  return std::nullopt;
}

}  // namespace

std::string json_field(const std::string& out, const std::string& key) {
  const auto doc = json_object(out);
  if (!doc) return "<no json>";
  return core::json::get_string(*doc, key.c_str()).value_or("<missing>");
}

std::optional<bool> json_bool(const std::string& out, const std::string& key) {
  const auto doc = json_object(out);
  return doc ? core::json::get_bool(*doc, key.c_str()) : std::nullopt;
}

std::optional<long long> json_int(const std::string& out, const std::string& key) {
  const auto doc = json_object(out);
  return doc ? core::json::get_int(*doc, key.c_str()) : std::nullopt;
}

}  // namespace flypin::e2e
