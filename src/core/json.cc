#include "core/json.h"

#include <rapidjson/encodedstream.h>
#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cmath>

namespace flypin::core::json {
namespace {

// Forwards SAX events to the document being built, counting open arrays and
// objects; returning false stops the reader.
class DepthLimitedBuilder {
 public:
  using Ch = char;
  explicit DepthLimitedBuilder(rapidjson::Document& doc) : doc_(doc) {}

  bool Null() { return doc_.Null(); }
  bool Bool(bool b) { return doc_.Bool(b); }
  bool Int(int i) { return doc_.Int(i); }
  bool Uint(unsigned u) { return doc_.Uint(u); }
  bool Int64(int64_t i) { return doc_.Int64(i); }
  bool Uint64(uint64_t u) { return doc_.Uint64(u); }
  bool Double(double d) { return doc_.Double(d); }
  bool RawNumber(const Ch* s, rapidjson::SizeType n, bool copy) { return doc_.RawNumber(s, n, copy); }
  bool String(const Ch* s, rapidjson::SizeType n, bool copy) { return doc_.String(s, n, copy); }
  bool Key(const Ch* s, rapidjson::SizeType n, bool copy) { return doc_.Key(s, n, copy); }
  bool StartObject() { return enter() && doc_.StartObject(); }
  bool EndObject(rapidjson::SizeType members) { return leave() && doc_.EndObject(members); }
  bool StartArray() { return enter() && doc_.StartArray(); }
  bool EndArray(rapidjson::SizeType elements) { return leave() && doc_.EndArray(elements); }

  bool too_deep() const { return too_deep_; }

 private:
  bool enter() {
    too_deep_ = ++depth_ > kMaxDepth;
    return !too_deep_;
  }
  bool leave() {
    --depth_;
    return true;
  }

  rapidjson::Document& doc_;
  size_t depth_ = 0;
  bool too_deep_ = false;
};

}  // namespace

Result<rapidjson::Document> parse(std::string_view text, std::string_view what) {
  rapidjson::Document doc;
  rapidjson::Reader reader;
  bool too_deep = false;
  auto generate = [&](rapidjson::Document& target) {
    rapidjson::MemoryStream memory(text.data(), text.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> in(memory);
    DepthLimitedBuilder builder(target);
    const bool ok = !reader.Parse<rapidjson::kParseIterativeFlag>(in, builder).IsError();
    too_deep = builder.too_deep();
    return ok;
  };
  doc.Populate(generate);
  if (reader.HasParseError()) {
    Error e;
    e.kind = ErrorKind::kDecode;
    e.message = "could not parse " + std::string(what) + " as JSON: " +
                (too_deep ? "nested deeper than " + std::to_string(kMaxDepth) + " levels"
                          : std::string(rapidjson::GetParseError_En(reader.GetParseErrorCode()))) +
                " at offset " + std::to_string(reader.GetErrorOffset());
    return e;
  }
  return doc;
}

std::optional<std::string> get_string(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return std::nullopt;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::optional<long long> get_int(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return std::nullopt;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return std::nullopt;
  if (it->value.IsInt64()) return it->value.GetInt64();
  if (!it->value.IsDouble()) return std::nullopt;
  // Only a whole number inside long long's range is an integer; casting any
  // other double (1e300, NaN, 1.5) would be undefined or silently wrong.
  const double d = it->value.GetDouble();
  if (!(d >= -9.2e18 && d <= 9.2e18) || d != std::trunc(d)) return std::nullopt;
  return static_cast<long long>(d);
}

std::optional<bool> get_bool(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return std::nullopt;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || !it->value.IsBool()) return std::nullopt;
  return it->value.GetBool();
}

const rapidjson::Value* get_object(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && it->value.IsObject() ? &it->value : nullptr;
}

const rapidjson::Value* get_array(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  return it != obj.MemberEnd() && it->value.IsArray() ? &it->value : nullptr;
}

std::string to_string(const rapidjson::Value& value) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  value.Accept(w);
  return {buf.GetString(), buf.GetSize()};
}

std::string quote(std::string_view s) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
  return {buf.GetString(), buf.GetSize()};
}

FlatObject& FlatObject::add(std::string key, std::string value) {
  fields_.emplace_back(std::move(key), quote(value));
  return *this;
}
FlatObject& FlatObject::add(std::string key, bool value) {
  fields_.emplace_back(std::move(key), value ? "true" : "false");
  return *this;
}
FlatObject& FlatObject::add(std::string key, long long value) {
  fields_.emplace_back(std::move(key), std::to_string(value));
  return *this;
}

FlatObject& FlatObject::add(std::string key, const FlatObject& value) {
  fields_.emplace_back(std::move(key), value.str());
  return *this;
}

FlatObject& FlatObject::add(std::string key, const std::vector<FlatObject>& values) {
  fields_.emplace_back(std::move(key), array_text(values));
  return *this;
}

std::string array_text(const std::vector<FlatObject>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + values[i].str();
  return out + "]";
}

std::string FlatObject::str() const {
  std::string out = "{";
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i) out += ",";
    out += quote(fields_[i].first) + ":" + fields_[i].second;
  }
  return out + "}";
}

}  // namespace flypin::core::json
