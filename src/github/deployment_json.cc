#include "github/deployment_json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <array>
#include <utility>

namespace flypin::github {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

constexpr std::array<std::pair<DeploymentState, const char*>, 7> kStates{{
    {DeploymentState::kError, "error"},
    {DeploymentState::kFailure, "failure"},
    {DeploymentState::kInactive, "inactive"},
    {DeploymentState::kInProgress, "in_progress"},
    {DeploymentState::kQueued, "queued"},
    {DeploymentState::kPending, "pending"},
    {DeploymentState::kSuccess, "success"},
}};

void string_member(Writer& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

core::Error decode_error(std::string message) {
  core::Error e;
  e.kind = core::ErrorKind::kDecode;
  e.message = std::move(message);
  return e;
}

std::string text(const rapidjson::Value& obj, const char* key) { return core::json::get_string(obj, key).value_or(""); }

core::Result<std::int64_t> id_of(const rapidjson::Value& obj, const char* what) {
  auto id = core::json::get_int(obj, "id");
  if (!id || *id <= 0) return decode_error(std::string("GitHub answered a ") + what + " without a numeric id");
  return static_cast<std::int64_t>(*id);
}

core::Result<Deployment> deployment_of(const rapidjson::Value& obj) {
  if (!obj.IsObject()) return decode_error("GitHub answered a deployment that is not a JSON object");
  auto id = id_of(obj, "deployment");
  if (!id.ok()) return std::move(id).error();
  Deployment d;
  d.id = *id;
  d.sha = text(obj, "sha");
  d.ref = text(obj, "ref");
  d.task = text(obj, "task");
  d.environment = text(obj, "environment");
  d.description = text(obj, "description");
  d.created_at = text(obj, "created_at");
  d.updated_at = text(obj, "updated_at");
  if (const auto* creator = core::json::get_object(obj, "creator")) d.creator = text(*creator, "login");
  auto payload = obj.FindMember("payload");
  if (payload != obj.MemberEnd()) {
    d.payload_json = core::json::to_string(payload->value);
    if (payload->value.IsObject()) {
      for (const auto& m : payload->value.GetObject()) {
        if (m.value.IsString())
          d.payload[m.name.GetString()] = std::string(m.value.GetString(), m.value.GetStringLength());
      }
    }
  }
  return d;
}

core::Result<DeploymentStatus> status_of(const rapidjson::Value& obj) {
  if (!obj.IsObject()) return decode_error("GitHub answered a deployment status that is not a JSON object");
  auto id = id_of(obj, "deployment status");
  if (!id.ok()) return std::move(id).error();
  DeploymentStatus s;
  s.id = *id;
  s.state = parse_state(text(obj, "state"));
  s.description = text(obj, "description");
  s.environment = text(obj, "environment");
  s.log_url = text(obj, "log_url");
  if (s.log_url.empty()) s.log_url = text(obj, "target_url");
  s.environment_url = text(obj, "environment_url");
  s.created_at = text(obj, "created_at");
  return s;
}

template <typename T, typename F>
core::Result<std::vector<T>> list_of(std::string_view body, const char* what, F item) {
  auto doc = core::json::parse(body, what);
  if (!doc.ok()) return std::move(doc).error();
  if (!doc->IsArray()) return decode_error(std::string("GitHub answered ") + what + " that is not a JSON array");
  std::vector<T> out;
  for (const auto& v : doc->GetArray()) {
    auto one = item(v);
    if (!one.ok()) return std::move(one).error();
    out.push_back(std::move(one).value());
  }
  return out;
}

template <typename F>
auto one_of(std::string_view body, const char* what, F item) -> decltype(item(std::declval<rapidjson::Value&>())) {
  auto doc = core::json::parse(body, what);
  if (!doc.ok()) return std::move(doc).error();
  return item(*doc);
}

}  // namespace

const char* state_name(DeploymentState state) {
  for (const auto& [s, name] : kStates) {
    if (s == state) return name;
  }
  return "unknown";
}

DeploymentState parse_state(std::string_view text) {
  for (const auto& [s, name] : kStates) {
    if (text == name) return s;
  }
  return DeploymentState::kUnknown;
}

std::string create_deployment_body(const NewDeployment& deployment, std::string_view marker) {
  core::json::FlatObject payload = deployment.payload;
  payload.add(kCreateMarkerKey, std::string(marker));
  const std::string payload_text = payload.str();
  rapidjson::StringBuffer out;
  Writer w(out);
  w.StartObject();
  string_member(w, "ref", deployment.ref);
  string_member(w, "environment", deployment.environment);
  string_member(w, "description", deployment.description);
  w.Key("auto_merge");
  w.Bool(false);
  w.Key("required_contexts");
  w.StartArray();
  w.EndArray();
  w.Key("payload");
  w.RawValue(payload_text.data(), payload_text.size(), rapidjson::kObjectType);
  w.EndObject();
  return out.GetString();
}

std::string create_status_body(const NewStatus& status) {
  rapidjson::StringBuffer out;
  Writer w(out);
  w.StartObject();
  string_member(w, "state", state_name(status.state));
  string_member(w, "description", status.description);
  if (!status.log_url.empty()) string_member(w, "log_url", status.log_url);
  if (!status.environment_url.empty()) string_member(w, "environment_url", status.environment_url);
  w.Key("auto_inactive");
  w.Bool(status.auto_inactive == AutoInactive::kYes);
  w.EndObject();
  return out.GetString();
}

core::Result<Deployment> parse_deployment(std::string_view body) { return one_of(body, "deployment", deployment_of); }

core::Result<std::vector<Deployment>> parse_deployments(std::string_view body) {
  return list_of<Deployment>(body, "deployments", deployment_of);
}

core::Result<DeploymentStatus> parse_status(std::string_view body) {
  return one_of(body, "deployment status", status_of);
}

core::Result<std::vector<DeploymentStatus>> parse_statuses(std::string_view body) {
  return list_of<DeploymentStatus>(body, "deployment statuses", status_of);
}

}  // namespace flypin::github
