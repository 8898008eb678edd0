#include "emulators/fly/model/create_request.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cctype>

namespace flypin::emulators::fly {
namespace {

using rapidjson::Value;

core::Error bad(const std::string& message) { return core::Error::usage(message); }

std::optional<std::string> string_map(const Value& obj, const char* field, std::map<std::string, std::string>& out) {
  if (!obj.HasMember(field) || obj[field].IsNull()) return std::nullopt;
  const Value& v = obj[field];
  if (!v.IsObject()) return std::string("config.") + field + " must be an object of strings";
  for (auto it = v.MemberBegin(); it != v.MemberEnd(); ++it) {
    if (!it->value.IsString()) return std::string("config.") + field + "." + it->name.GetString() + " must be a string";
    out[it->name.GetString()] = it->value.GetString();
  }
  return std::nullopt;
}

std::optional<std::string> parse_guest(const Value& config, Guest& guest) {
  if (!config.HasMember("guest") || config["guest"].IsNull()) return std::nullopt;
  const Value& g = config["guest"];
  if (!g.IsObject()) return "config.guest must be an object";
  if (g.HasMember("cpu_kind")) {
    if (!g["cpu_kind"].IsString()) return "config.guest.cpu_kind must be a string";
    guest.cpu_kind = g["cpu_kind"].GetString();
    if (guest.cpu_kind != "shared" && guest.cpu_kind != "performance")
      return "invalid cpu_kind \"" + guest.cpu_kind + "\": must be shared or performance";
  }
  if (g.HasMember("cpus")) {
    if (!g["cpus"].IsInt()) return "config.guest.cpus must be an integer";
    guest.cpus = g["cpus"].GetInt();
    if (guest.cpus < 1 || guest.cpus > 16) return "invalid number of cpus " + std::to_string(guest.cpus);
  }
  if (g.HasMember("memory_mb")) {
    if (!g["memory_mb"].IsInt()) return "config.guest.memory_mb must be an integer";
    guest.memory_mb = g["memory_mb"].GetInt();
    if (guest.memory_mb < 128 || guest.memory_mb % 128 != 0)
      return "invalid memory size " + std::to_string(guest.memory_mb) + " MB: must be a multiple of 128";
  }
  return std::nullopt;
}

std::optional<std::string> duration_field(const Value& check, const char* field, const std::string& where,
                                          std::chrono::milliseconds& out) {
  if (!check.HasMember(field) || check[field].IsNull()) return std::nullopt;
  const Value& v = check[field];
  if (v.IsString()) {
    auto d = parse_go_duration(v.GetString());
    if (!d) return where + "." + field + ": invalid duration \"" + v.GetString() + "\"";
    out = *d;
    return std::nullopt;
  }
  if (v.IsInt64()) {  // a bare number is nanoseconds, as Go's time.Duration marshals
    out = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::nanoseconds(v.GetInt64()));
    return std::nullopt;
  }
  return where + "." + field + " must be a duration string";
}

std::optional<std::string> parse_checks(const Value& config, std::vector<CheckSpec>& checks) {
  if (!config.HasMember("checks") || config["checks"].IsNull()) return std::nullopt;
  const Value& all = config["checks"];
  if (!all.IsObject()) return "config.checks must be an object keyed by check name";
  for (auto it = all.MemberBegin(); it != all.MemberEnd(); ++it) {
    const std::string where = std::string("config.checks.") + it->name.GetString();
    const Value& c = it->value;
    if (!c.IsObject()) return where + " must be an object";
    CheckSpec spec;
    spec.name = it->name.GetString();
    std::string type = "http";
    if (c.HasMember("type")) {
      if (!c["type"].IsString()) return where + ".type must be a string";
      type = c["type"].GetString();
    }
    if (type != "http" && type != "tcp") return where + ".type must be http or tcp";
    if (!c.HasMember("port") || !c["port"].IsInt()) return where + ".port must be an integer";
    spec.port = c["port"].GetInt();
    if (spec.port < 1 || spec.port > 65535) return where + ".port out of range";
    if (c.HasMember("path")) {
      if (!c["path"].IsString()) return where + ".path must be a string";
      spec.path = c["path"].GetString();
    }
    if (spec.path.empty() || spec.path[0] != '/') spec.path = "/" + spec.path;
    if (c.HasMember("method")) {
      if (!c["method"].IsString()) return where + ".method must be a string";
      spec.method = c["method"].GetString();
    }
    if (type == "tcp") spec.method = "";  // connect only
    if (auto e = duration_field(c, "interval", where, spec.interval)) return e;
    if (auto e = duration_field(c, "timeout", where, spec.timeout)) return e;
    if (auto e = duration_field(c, "grace_period", where, spec.grace_period)) return e;
    if (spec.interval < std::chrono::milliseconds(100)) return where + ".interval too short";
    checks.push_back(spec);
  }
  return std::nullopt;
}

std::optional<std::string> parse_services(const Value& config, int& port) {
  if (!config.HasMember("services") || config["services"].IsNull()) return std::nullopt;
  const Value& s = config["services"];
  if (!s.IsArray()) return "config.services must be an array";
  for (const auto& svc : s.GetArray()) {
    if (!svc.IsObject()) return "config.services[] must be objects";
    if (!svc.HasMember("internal_port") || !svc["internal_port"].IsInt())
      return "config.services[].internal_port must be an integer";
    if (svc.HasMember("protocol") && !svc["protocol"].IsString()) return "config.services[].protocol must be a string";
    if (svc.HasMember("ports") && !svc["ports"].IsArray()) return "config.services[].ports must be an array";
    if (port == 0) port = svc["internal_port"].GetInt();
  }
  return std::nullopt;
}

std::optional<std::string> parse_config(const Value& config, Machine& m, bool& auto_destroy) {
  if (!config.HasMember("image") || !config["image"].IsString() || std::string(config["image"].GetString()).empty())
    return "config.image is required";
  m.image = config["image"].GetString();
  if (auto e = parse_guest(config, m.guest)) return e;
  if (auto e = string_map(config, "env", m.env)) return e;
  if (auto e = string_map(config, "metadata", m.metadata)) return e;
  if (config.HasMember("restart") && !config["restart"].IsNull()) {
    const Value& r = config["restart"];
    if (!r.IsObject()) return "config.restart must be an object";
    if (r.HasMember("policy")) {
      if (!r["policy"].IsString()) return "config.restart.policy must be a string";
      m.restart_policy = r["policy"].GetString();
      if (m.restart_policy != "no" && m.restart_policy != "always" && m.restart_policy != "on-failure" &&
          m.restart_policy != "spot-price")
        return "invalid restart policy \"" + m.restart_policy + "\"";
    }
  }
  if (config.HasMember("auto_destroy")) {
    if (!config["auto_destroy"].IsBool()) return "config.auto_destroy must be a boolean";
    auto_destroy = config["auto_destroy"].GetBool();
  }
  if (auto e = parse_checks(config, m.checks)) return e;
  if (auto e = parse_services(config, m.service_port)) return e;
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  config.Accept(w);
  m.config_json = buf.GetString();
  return std::nullopt;
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_go_duration(const std::string& text) {
  if (text.empty()) return std::nullopt;
  double total_ms = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    if (start == i) return std::nullopt;
    double number = std::stod(text.substr(start, i - start));
    size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string unit = text.substr(unit_start, i - unit_start);
    if (unit == "ms")
      total_ms += number;
    else if (unit == "s")
      total_ms += number * 1000;
    else if (unit == "m")
      total_ms += number * 60000;
    else if (unit == "h")
      total_ms += number * 3600000;
    else if (unit == "us" || unit == "µs")
      total_ms += number / 1000;
    else if (unit == "ns")
      total_ms += number / 1e6;
    else
      return std::nullopt;
  }
  return std::chrono::milliseconds(static_cast<long long>(total_ms));
}

core::Result<CreateRequest> parse_create_request(const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.c_str(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return bad("invalid request body: expected a JSON object");
  CreateRequest req;
  Machine& m = req.machine;
  if (doc.HasMember("name") && !doc["name"].IsNull()) {
    if (!doc["name"].IsString()) return bad("name must be a string");
    m.name = doc["name"].GetString();
  }
  if (doc.HasMember("region") && !doc["region"].IsNull()) {
    if (!doc["region"].IsString()) return bad("region must be a string");
    m.region = doc["region"].GetString();
  }
  if (doc.HasMember("skip_launch")) {
    if (!doc["skip_launch"].IsBool()) return bad("skip_launch must be a boolean");
    req.skip_launch = doc["skip_launch"].GetBool();
  }
  if (doc.HasMember("current_version") && !doc["current_version"].IsNull()) {
    if (!doc["current_version"].IsString()) return bad("current_version must be a string");
    req.current_version = doc["current_version"].GetString();
  }
  if (!doc.HasMember("config") || !doc["config"].IsObject()) return bad("config is required");
  if (auto e = parse_config(doc["config"], m, req.auto_destroy)) return bad(*e);
  return req;
}

}  // namespace flypin::emulators::fly
