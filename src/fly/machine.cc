#include "fly/machine.h"

#include "core/duration.h"
#include "core/json.h"

namespace flypin::fly {
namespace json = core::json;

namespace {

std::string str(const rapidjson::Value& v, const char* key) { return json::get_string(v, key).value_or(""); }

std::map<std::string, std::string> string_map(const rapidjson::Value& obj, const char* key) {
  std::map<std::string, std::string> out;
  if (const auto* m = json::get_object(obj, key)) {
    for (const auto& kv : m->GetObject()) {
      if (kv.value.IsString()) out[kv.name.GetString()] = kv.value.GetString();
    }
  }
  return out;
}

Guest parse_guest(const rapidjson::Value& v) {
  Guest g;
  g.cpu_kind = str(v, "cpu_kind");
  g.cpus = static_cast<int>(json::get_int(v, "cpus").value_or(0));
  g.memory_mb = static_cast<int>(json::get_int(v, "memory_mb").value_or(0));
  return g;
}

// A Go duration ("15s", "500ms") or, as Go marshals time.Duration, nanoseconds.
std::chrono::milliseconds duration_of(const rapidjson::Value& check, const char* key, std::chrono::milliseconds dflt) {
  if (!check.IsObject() || !check.HasMember(key)) return dflt;
  const auto& v = check[key];
  if (v.IsString()) {
    auto parsed = core::parse_duration(v.GetString());
    return parsed.ok() ? *parsed : dflt;
  }
  if (v.IsInt64()) return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::nanoseconds(v.GetInt64()));
  return dflt;
}

void parse_configured_checks(const rapidjson::Value& cfg, MachineConfig& out) {
  if (const auto* checks = json::get_object(cfg, "checks")) {
    for (const auto& c : checks->GetObject()) {
      ConfiguredCheck check;
      check.name = c.name.GetString();
      check.interval = duration_of(c.value, "interval", check.interval);
      check.timeout = duration_of(c.value, "timeout", check.timeout);
      check.grace_period = duration_of(c.value, "grace_period", check.grace_period);
      out.checks.push_back(std::move(check));
    }
  }
  if (const auto* services = json::get_array(cfg, "services")) {
    for (const auto& svc : services->GetArray()) {
      if (const auto* checks = json::get_array(svc, "checks")) out.service_checks += static_cast<int>(checks->Size());
      if (const auto* checks = json::get_array(svc, "http_checks"))
        out.service_checks += static_cast<int>(checks->Size());
      if (const auto* checks = json::get_array(svc, "tcp_checks"))
        out.service_checks += static_cast<int>(checks->Size());
    }
  }
}

}  // namespace

Event parse_event(const rapidjson::Value& v) {
  Event e;
  e.id = str(v, "id");
  e.type = str(v, "type");
  e.status = str(v, "status");
  e.source = str(v, "source");
  e.timestamp_ms = json::get_int(v, "timestamp").value_or(0);
  if (const auto* req = json::get_object(v, "request")) {
    if (auto err = json::get_string(*req, "error")) e.error = *err;
    if (const auto* exit = json::get_object(*req, "exit_event")) {
      ExitInfo info;
      info.exit_code = static_cast<int>(json::get_int(*exit, "exit_code").value_or(0));
      info.oom_killed = json::get_bool(*exit, "oom_killed").value_or(false);
      info.requested_stop = json::get_bool(*exit, "requested_stop").value_or(false);
      e.exit = info;
    }
  }
  return e;
}

std::string Event::describe() const {
  std::string out = type + ": " + status;
  if (exit) {
    out += " (exit code " + std::to_string(exit->exit_code);
    if (exit->oom_killed) out += ", killed: out of memory";
    if (exit->requested_stop) out += ", stop requested";
    out += ")";
  }
  if (!error.empty()) out += ": " + error;
  return out;
}

core::Result<Machine> parse_machine(const rapidjson::Value& v) {
  if (!v.IsObject()) {
    core::Error e;
    e.kind = core::ErrorKind::kDecode;
    e.api = "Fly Machines API";
    e.message = "machine is not a JSON object";
    return e;
  }
  Machine m;
  m.id = str(v, "id");
  m.name = str(v, "name");
  m.state = str(v, "state");
  m.region = str(v, "region");
  m.instance_id = str(v, "instance_id");
  m.host_status = str(v, "host_status");
  m.created_at = str(v, "created_at");
  m.updated_at = str(v, "updated_at");
  if (const auto* ref = json::get_object(v, "image_ref")) {
    m.image_ref = {str(*ref, "registry"), str(*ref, "repository"), str(*ref, "tag"), str(*ref, "digest")};
  }
  if (const auto* cfg = json::get_object(v, "config")) {
    m.config.image = str(*cfg, "image");
    if (const auto* guest = json::get_object(*cfg, "guest")) m.config.guest = parse_guest(*guest);
    m.config.env = string_map(*cfg, "env");
    m.config.metadata = string_map(*cfg, "metadata");
    parse_configured_checks(*cfg, m.config);
    m.config_json = json::to_string(*cfg);
  }
  if (const auto* checks = json::get_array(v, "checks")) {
    for (const auto& c : checks->GetArray()) {
      m.checks.push_back({str(c, "name"), str(c, "status"), str(c, "output"), str(c, "updated_at")});
    }
  }
  if (const auto* events = json::get_array(v, "events")) {
    for (const auto& e : events->GetArray()) m.events.push_back(parse_event(e));
  }
  return m;
}

core::Result<Machine> parse_machine_json(std::string_view text) {
  auto doc = json::parse(text, "Fly machine");
  if (!doc.ok()) return doc.error();
  return parse_machine(*doc);
}

core::Result<std::vector<Machine>> parse_machine_list_json(std::string_view text) {
  auto doc = json::parse(text, "Fly machine list");
  if (!doc.ok()) return doc.error();
  if (!doc->IsArray()) {
    core::Error e;
    e.kind = core::ErrorKind::kDecode;
    e.api = "Fly Machines API";
    e.message = "machine list is not a JSON array";
    return e;
  }
  std::vector<Machine> out;
  for (const auto& item : doc->GetArray()) {
    auto m = parse_machine(item);
    if (!m.ok()) return m.error();
    out.push_back(std::move(*m));
  }
  return out;
}

core::Result<std::vector<Event>> parse_events_json(std::string_view text) {
  auto doc = json::parse(text, "Fly machine events");
  if (!doc.ok()) return doc.error();
  std::vector<Event> out;
  if (doc->IsArray()) {
    for (const auto& e : doc->GetArray()) out.push_back(parse_event(e));
  }
  return out;
}

core::Result<std::string> config_with_image(const std::string& config_json, const std::string& image) {
  auto doc = json::parse(config_json, "Fly machine config");
  if (!doc.ok()) return doc.error();
  if (!doc->IsObject()) {
    core::Error e;
    e.kind = core::ErrorKind::kDecode;
    e.api = "Fly Machines API";
    e.message = "machine config is not a JSON object";
    return e;
  }
  auto& a = doc->GetAllocator();
  if (doc->HasMember("image")) doc->RemoveMember("image");
  doc->AddMember("image", rapidjson::Value(image.c_str(), static_cast<rapidjson::SizeType>(image.size()), a), a);
  return json::to_string(*doc);
}

bool fully_known(const Machine& m) {
  return (m.host_status.empty() || m.host_status == "ok") && !m.config_json.empty();
}

bool is_terminal_state(const std::string& state) {
  return state == "stopped" || state == "failed" || state == "destroyed" || state == "destroying";
}

std::optional<Event> last_exit_event(const std::vector<Event>& events) {
  for (const auto& e : events) {
    if (e.exit) return e;
  }
  return std::nullopt;
}

std::optional<Event> first_failed_event(const std::vector<Event>& events) {
  for (const auto& e : events) {
    if (!e.error.empty() || e.status == "failed") return e;
  }
  return std::nullopt;
}

}  // namespace flypin::fly
