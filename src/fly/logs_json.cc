#include "fly/logs_json.h"

#include "core/json.h"
#include "core/rfc3339.h"

namespace flypin::fly {
namespace {

std::string string_at(const rapidjson::Value& obj, const char* key) {
  return core::json::get_string(obj, key).value_or("");
}

// A message, cut as it is copied out of the document.
std::string line_at(const rapidjson::Value& obj, const char* key, std::size_t max_line) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsString()) return "";
  return capped_line(std::string_view(it->value.GetString(), it->value.GetStringLength()), max_line);
}

LogEntry entry_of(const rapidjson::Value& item, const rapidjson::Value& attributes, std::size_t max_line) {
  LogEntry e;
  e.id = string_at(item, "id");
  e.timestamp = string_at(attributes, "timestamp");
  e.unix_ns = core::parse_rfc3339_nanos(e.timestamp);
  e.message = line_at(attributes, "message", max_line);
  e.level = string_at(attributes, "level");
  e.instance = string_at(attributes, "instance");
  e.region = string_at(attributes, "region");
  if (const auto* meta = core::json::get_object(attributes, "meta")) {
    if (const auto* event = core::json::get_object(*meta, "event")) e.provider = string_at(*event, "provider");
    if (const auto* error = core::json::get_object(*meta, "error"))
      e.error_message = line_at(*error, "message", max_line);
    if (e.instance.empty()) e.instance = string_at(*meta, "instance");
    if (e.region.empty()) e.region = string_at(*meta, "region");
  }
  return e;
}

}  // namespace

std::string capped_line(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::size_t keep = max;
  // Never leave half a UTF-8 sequence at the end.
  while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
  return std::string(text.substr(0, keep)) + " [" + std::to_string(text.size() - keep) + " bytes cut]";
}

core::Result<LogPage> parse_log_page(std::string_view body, std::size_t max_line) {
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
    if (attributes != nullptr) page.entries.push_back(entry_of(item, *attributes, max_line));
  }
  if (const auto* meta = core::json::get_object(*doc, "meta")) page.next_token = string_at(*meta, "next_token");
  return page;
}

}  // namespace flypin::fly
