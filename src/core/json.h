#pragma once
// Small helpers over RapidJSON: parse with an Error, read fields with defaults,
// and write objects without repeating Writer boilerplate. Every JSON document
// flypin reads (API answers, token responses, docker config, helper output)
// goes through parse(), the one place that bounds nesting.

#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace flypin::core::json {

/// Deeper documents are refused: no JSON flypin reads nests beyond a dozen
/// levels, and code that walks a document recursively must not run out of stack.
inline constexpr size_t kMaxDepth = 64;

/// Parses without recursion (RapidJSON's iterative parser) and refuses
/// nesting deeper than kMaxDepth, as a kDecode error naming `what`.
Result<rapidjson::Document> parse(std::string_view text, std::string_view what);

std::optional<std::string> get_string(const rapidjson::Value& obj, const char* key);
std::optional<long long> get_int(const rapidjson::Value& obj, const char* key);
std::optional<bool> get_bool(const rapidjson::Value& obj, const char* key);
const rapidjson::Value* get_object(const rapidjson::Value& obj, const char* key);
const rapidjson::Value* get_array(const rapidjson::Value& obj, const char* key);

std::string to_string(const rapidjson::Value& value);
/// JSON string literal with quotes, escaped.
std::string quote(std::string_view s);

/// A JSON object of string, bool, integer and object fields, in insertion order.
class FlatObject {
 public:
  FlatObject& add(std::string key, std::string value);
  FlatObject& add(std::string key, const char* value) { return add(std::move(key), std::string(value)); }
  FlatObject& add(std::string key, bool value);
  FlatObject& add(std::string key, long long value);
  FlatObject& add(std::string key, const FlatObject& value);
  /// An array of objects.
  FlatObject& add(std::string key, const std::vector<FlatObject>& values);
  std::string str() const;
  const std::vector<std::pair<std::string, std::string>>& raw() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;  // value already JSON-encoded
};

/// `values` as one JSON array.
std::string array_text(const std::vector<FlatObject>& values);

}  // namespace flypin::core::json
