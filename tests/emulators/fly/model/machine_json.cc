#include "emulators/fly/model/machine_json.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace flypin::emulators::fly {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

void raw_object(Writer& w, const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  if (doc.HasParseError()) {
    w.Null();
    return;
  }
  doc.Accept(w);
}

void write_event(Writer& w, const Event& e) {
  w.StartObject();
  str(w, "id", e.id);
  str(w, "type", e.type);
  str(w, "status", e.status);
  str(w, "source", e.source);
  w.Key("timestamp");
  w.Int64(e.timestamp_ms);
  if (!e.request_json.empty()) {
    w.Key("request");
    raw_object(w, e.request_json);
  }
  w.EndObject();
}

void write_events(Writer& w, const Machine& m) {
  w.StartArray();
  for (auto it = m.events.rbegin(); it != m.events.rend(); ++it) write_event(w, *it);
  w.EndArray();
}

void write_image_ref(Writer& w, const Machine& m) {
  const bool known = m.host_status == "ok";
  w.Key("image_ref");
  w.StartObject();
  str(w, "registry", known ? m.image_registry : "");
  str(w, "repository", known ? m.image_repository : "");
  str(w, "tag", known ? m.image_tag : "");
  str(w, "digest", known ? m.image_digest : "");
  w.Key("labels");
  w.StartObject();
  w.EndObject();
  w.EndObject();
}

void write_checks(Writer& w, const Machine& m, const Rendering& r) {
  w.Key("checks");
  w.StartArray();
  for (const auto& c : m.check_results) {
    if (!c.reported) continue;
    w.StartObject();
    str(w, "name", c.name);
    str(w, "status", c.status);
    str(w, "output", c.output);
    str(w, "updated_at", c.updated_at);
    w.EndObject();
  }
  if (!m.checks.empty() && !r.compat_check_status.empty()) {
    w.StartObject();
    str(w, "name", kCompatCheckName);
    str(w, "status", r.compat_check_status);
    str(w, "output", "");
    str(w, "updated_at", m.created_at);
    w.EndObject();
  }
  w.EndArray();
}

void write_machine(Writer& w, const Machine& m, const Rendering& r) {
  const bool full = r.detail == Detail::kFull;
  const bool host_ok = m.host_status == "ok";
  w.StartObject();
  str(w, "id", m.id);
  str(w, "name", m.name);
  str(w, "state", m.state);
  str(w, "region", m.region);
  str(w, "instance_id", m.instance_id);
  str(w, "private_ip", m.private_ip);
  if (full) {
    str(w, "host_status", m.host_status);
    if (host_ok) {
      w.Key("config");
      raw_object(w, m.config_json);
    } else {
      // "not suitable to clone or recreate the original machine" (fly-go): the image, nothing else.
      w.Key("incomplete_config");
      w.StartObject();
      str(w, "image", m.image);
      w.EndObject();
    }
  }
  if (full || r.summary_image_ref == SummaryImageRef::kKept) write_image_ref(w, m);
  str(w, "created_at", m.created_at);
  str(w, "updated_at", m.updated_at);
  if (full) {
    write_checks(w, m, r);
    w.Key("events");
    write_events(w, m);
  }
  w.EndObject();
}

}  // namespace

std::string machine_json(const Machine& m, const Rendering& rendering) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  write_machine(w, m, rendering);
  return buf.GetString();
}

std::string machines_json(const std::vector<Machine>& machines, const Rendering& rendering) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartArray();
  for (const auto& m : machines) write_machine(w, m, rendering);
  w.EndArray();
  return buf.GetString();
}

std::string events_json(const Machine& m) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  write_events(w, m);
  return buf.GetString();
}

std::string error_json(const std::string& message, const std::string& status) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  str(w, "error", message);
  if (!status.empty()) str(w, "status", status);
  w.EndObject();
  return buf.GetString();
}

}  // namespace flypin::emulators::fly
