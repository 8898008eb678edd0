#include "supabase/secrets_json.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/json.h"

namespace flypin::supabase {

namespace {
void write_string(rapidjson::Writer<rapidjson::StringBuffer>& w, const std::string& s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

core::Error decode_error(std::string message) {
  core::Error e;
  e.kind = core::ErrorKind::kDecode;
  e.message = std::move(message);
  return e;
}
}  // namespace

std::string encode_create_body(const std::vector<std::pair<std::string, std::string>>& secrets) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartArray();
  for (const auto& [name, value] : secrets) {
    w.StartObject();
    w.Key("name");
    write_string(w, name);
    w.Key("value");
    write_string(w, value);
    w.EndObject();
  }
  w.EndArray();
  return buffer.GetString();
}

std::string encode_delete_body(const std::vector<std::string>& names) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartArray();
  for (const auto& name : names) write_string(w, name);
  w.EndArray();
  return buffer.GetString();
}

core::Result<std::vector<SecretDigest>> decode_secret_list(std::string_view body) {
  auto doc = core::json::parse(body, "secrets list");
  if (!doc.ok()) return std::move(doc).error();
  if (!doc->IsArray()) return decode_error("secrets list is not a JSON array");
  std::vector<SecretDigest> out;
  for (const auto& item : doc->GetArray()) {
    if (!item.IsObject()) return decode_error("secrets list has an entry that is not an object");
    auto name = item.FindMember("name");
    auto value = item.FindMember("value");
    if (name == item.MemberEnd() || !name->value.IsString() || value == item.MemberEnd() || !value->value.IsString()) {
      return decode_error("secrets list has an entry without string name and value");
    }
    SecretDigest digest{name->value.GetString(), value->value.GetString(), std::nullopt};
    auto updated = item.FindMember("updated_at");
    if (updated != item.MemberEnd() && updated->value.IsString()) digest.updated_at = updated->value.GetString();
    out.push_back(std::move(digest));
  }
  return out;
}

}  // namespace flypin::supabase
