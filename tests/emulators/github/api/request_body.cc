#include "emulators/github/api/request_body.h"

#include <rapidjson/document.h>

#include <array>
#include <vector>

#include "core/json.h"

namespace flypin::emulators::github {

namespace {

constexpr std::array kStates = {"error", "failure", "inactive", "in_progress", "queued", "pending", "success"};
constexpr size_t kMaxStatusDescription = 140;

ApiError problems_parsing_json() { return ApiError{400, "Problems parsing JSON", "", {}}; }

std::variant<rapidjson::Document, ApiError> parse_object(std::string_view body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError()) return problems_parsing_json();
  if (!doc.IsObject()) return ApiError{400, "Body should be a JSON object", "", {}};
  return doc;
}

// How GitHub's schema errors print a value (Ruby's inspect for the scalars).
std::string shown(const rapidjson::Value& v) {
  if (v.IsNull()) return "nil";
  return core::json::to_string(v);
}

class SchemaCheck {
 public:
  explicit SchemaCheck(const rapidjson::Value& body) : body_(body) {}

  const rapidjson::Value* field(const char* key) const {
    auto it = body_.FindMember(key);
    return it == body_.MemberEnd() ? nullptr : &it->value;
  }
  void require(const char* key) {
    if (!field(key)) missing_.push_back(std::string("\"") + key + "\" wasn't supplied.");
  }
  void type(const char* key, bool ok, const char* expected) {
    const auto* v = field(key);
    if (v && !ok)
      wrong_.push_back(std::string("For 'properties/") + key + "', " + shown(*v) + " is not " + expected + ".");
  }
  void item(const rapidjson::Value& v, bool ok, const char* expected) {
    if (!ok) wrong_.push_back("For 'items', " + shown(v) + " is not " + expected + ".");
  }
  std::optional<ApiError> result() const {
    if (missing_.empty() && wrong_.empty()) return std::nullopt;
    std::string message = "Invalid request.\n";
    for (const auto& line : missing_) message += "\n" + line;
    for (const auto& line : wrong_) message += "\n" + line;
    return ApiError{422, message, "", {}};
  }

 private:
  const rapidjson::Value& body_;
  std::vector<std::string> missing_, wrong_;
};

bool is(const rapidjson::Value* v, bool (rapidjson::Value::*test)() const) { return v && (v->*test)(); }

}  // namespace

std::variant<NewDeployment, ApiError> parse_new_deployment(std::string_view body) {
  auto parsed = parse_object(body);
  if (auto* error = std::get_if<ApiError>(&parsed)) return *error;
  const auto& doc = std::get<rapidjson::Document>(parsed);
  SchemaCheck check(doc);
  check.require("ref");
  using V = rapidjson::Value;
  check.type("ref", is(check.field("ref"), &V::IsString), "a string");
  check.type("task", is(check.field("task"), &V::IsString), "a string");
  check.type("auto_merge", is(check.field("auto_merge"), &V::IsBool), "a boolean");
  check.type("required_contexts", is(check.field("required_contexts"), &V::IsArray), "an array");
  check.type("payload", is(check.field("payload"), &V::IsObject) || is(check.field("payload"), &V::IsString),
             "an object or string");
  check.type("environment", is(check.field("environment"), &V::IsString), "a string");
  check.type("description", is(check.field("description"), &V::IsString) || is(check.field("description"), &V::IsNull),
             "a string or null");
  check.type("transient_environment", is(check.field("transient_environment"), &V::IsBool), "a boolean");
  check.type("production_environment", is(check.field("production_environment"), &V::IsBool), "a boolean");
  if (is(check.field("required_contexts"), &V::IsArray)) {
    for (const auto& context : check.field("required_contexts")->GetArray()) {
      check.item(context, context.IsString(), "a string");
    }
  }
  if (auto error = check.result()) return *error;

  NewDeployment out;
  out.ref = doc["ref"].GetString();
  if (auto* v = check.field("task")) out.task = v->GetString();
  if (auto* v = check.field("auto_merge")) out.auto_merge = v->GetBool();
  if (auto* v = check.field("required_contexts")) {
    out.required_contexts.emplace();
    for (const auto& context : v->GetArray()) out.required_contexts->push_back(context.GetString());
  }
  if (auto* v = check.field("payload")) out.payload = core::json::to_string(*v);
  if (auto* v = check.field("environment")) out.environment = v->GetString();
  if (auto* v = check.field("description")) {
    out.description = v->IsNull() ? std::nullopt : std::optional<std::string>(v->GetString());
  }
  if (auto* v = check.field("transient_environment")) out.transient_environment = v->GetBool();
  if (auto* v = check.field("production_environment")) out.production_environment = v->GetBool();
  return out;
}

std::variant<NewStatus, ApiError> parse_new_status(std::string_view body) {
  auto parsed = parse_object(body);
  if (auto* error = std::get_if<ApiError>(&parsed)) return *error;
  const auto& doc = std::get<rapidjson::Document>(parsed);
  auto text = [&doc](const char* key) {
    auto it = doc.FindMember(key);
    return it != doc.MemberEnd() && it->value.IsString() ? std::optional<std::string>(it->value.GetString())
                                                         : std::nullopt;
  };
  NewStatus out;
  out.state = text("state").value_or("");
  bool known = false;
  for (const char* state : kStates) known = known || out.state == state;
  if (!known) {
    return validation_failed(
        R"([{"resource":"DeploymentStatus","code":"custom","field":"state","message":"state is not included in the list"}])");
  }
  out.description = text("description").value_or("");
  if (out.description.size() > kMaxStatusDescription) {
    return validation_failed(
        R"json([{"resource":"DeploymentStatus","code":"custom","field":"description","message":"description is too long (maximum is 140 characters)"}])json");
  }
  out.log_url = text("log_url").value_or(text("target_url").value_or(""));
  out.environment_url = text("environment_url").value_or("");
  out.environment = text("environment");
  auto auto_inactive = doc.FindMember("auto_inactive");
  out.auto_inactive = auto_inactive == doc.MemberEnd() || !auto_inactive->value.IsFalse();
  return out;
}

}  // namespace flypin::emulators::github
