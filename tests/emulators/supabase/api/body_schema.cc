#include "emulators/supabase/api/body_schema.h"

#include <rapidjson/document.h>

namespace flypin::emulators::supabase {

namespace {
constexpr size_t kMaxName = 256;
constexpr size_t kMaxValue = 24576;
}  // namespace

CreateBody parse_create_body(std::string_view body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError()) return std::string("body is not valid JSON");
  if (!doc.IsArray()) return std::string("body must be an array of {name, value}");
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& item : doc.GetArray()) {
    if (!item.IsObject()) return std::string("each secret must be an object");
    auto name = item.FindMember("name");
    auto value = item.FindMember("value");
    if (name == item.MemberEnd() || !name->value.IsString()) return std::string("secret name must be a string");
    if (value == item.MemberEnd() || !value->value.IsString()) return std::string("secret value must be a string");
    std::string n(name->value.GetString(), name->value.GetStringLength());
    std::string v(value->value.GetString(), value->value.GetStringLength());
    if (n.size() > kMaxName) return std::string("secret name must be at most 256 characters");
    if (n.starts_with("SUPABASE_")) return std::string("Secret name must not start with the SUPABASE_ prefix.");
    if (v.size() > kMaxValue) return std::string("secret value must be at most 24576 characters");
    out.emplace_back(std::move(n), std::move(v));
  }
  return out;
}

DeleteBody parse_delete_body(std::string_view body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError()) return std::string("body is not valid JSON");
  if (!doc.IsArray()) return std::string("body must be an array of secret names");
  std::vector<std::string> out;
  for (const auto& item : doc.GetArray()) {
    if (!item.IsString()) return std::string("each secret name must be a string");
    out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return out;
}

bool valid_project_ref(std::string_view ref) {
  if (ref.size() != 20) return false;
  for (char c : ref) {
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

}  // namespace flypin::emulators::supabase
