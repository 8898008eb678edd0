#include "fly/logs_json.h"

#include "core/json.h"
#include "core/rfc3339.h"

namespace flypin::fly {
namespace {

std::string string_at(const rapidjson::Value& obj, const char* key) {
  return core::json::get_string(obj, key).value_or("");
}

LogEntry entry_of(const rapidjson::Value& item, const rapidjson::Value& attributes) {
  LogEntry e;
  e.id = string_at(item, "id");
  e.timestamp = string_at(attributes, "timestamp");
  e.unix_ns = core::parse_rfc3339_nanos(e.timestamp);
  e.message = string_at(attributes, "message");
  e.level = string_at(attributes, "level");
  e.instance = string_at(attributes, "instance");
  e.region = string_at(attributes, "region");
  if (const auto* meta = core::json::get_object(attributes, "meta")) {
    if (const auto* event = core::json::get_object(*meta, "event")) e.provider = string_at(*event, "provider");
    if (const auto* error = core::json::get_object(*meta, "error")) e.error_message = string_at(*error, "message");
    if (e.instance.empty()) e.instance = string_at(*meta, "instance");
    if (e.region.empty()) e.region = string_at(*meta, "region");
  }
  return e;
}

}  // namespace

core::Result<LogPage> parse_log_page(std::string_view body) {
  auto doc = core::json::parse(body, "Fly logs API answer");
  if (!doc.ok()) return std::move(doc).error();
  const auto* data = doc->IsObject() ? core::json::get_array(*doc, "data") : nullptr;
  if (data == nullptr) {
    core::Error e;
    e.kind = core::ErrorKind::kDecode;
    e.message = "the Fly logs API answered JSON without a \"data\" array";
    return e;
  }
  LogPage page;
  for (const auto& item : data->GetArray()) {
    const auto* attributes = core::json::get_object(item, "attributes");
    if (attributes != nullptr) page.entries.push_back(entry_of(item, *attributes));
  }
  if (const auto* meta = core::json::get_object(*doc, "meta")) page.next_token = string_at(*meta, "next_token");
  return page;
}

}  // namespace flypin::fly
