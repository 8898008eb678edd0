#pragma once
// Small helpers over RapidJSON: parse with an Error, read fields with defaults,
// and write objects without repeating Writer boilerplate.

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace flypin::core::json {

Result<rapidjson::Document> parse(std::string_view text, std::string_view what);

std::optional<std::string> get_string(const rapidjson::Value& obj, const char* key);
std::optional<long long> get_int(const rapidjson::Value& obj, const char* key);
std::optional<bool> get_bool(const rapidjson::Value& obj, const char* key);
const rapidjson::Value* get_object(const rapidjson::Value& obj, const char* key);
const rapidjson::Value* get_array(const rapidjson::Value& obj, const char* key);

std::string to_string(const rapidjson::Value& value);
/// JSON string literal with quotes, escaped.
std::string quote(std::string_view s);

/// A flat JSON object of string, bool and integer fields, in insertion order.
class FlatObject {
 public:
  FlatObject& add(std::string key, std::string value);
  FlatObject& add(std::string key, const char* value) { return add(std::move(key), std::string(value)); }
  FlatObject& add(std::string key, bool value);
  FlatObject& add(std::string key, long long value);
  std::string str() const;
  const std::vector<std::pair<std::string, std::string>>& raw() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;  // value already JSON-encoded
};

}  // namespace flypin::core::json
