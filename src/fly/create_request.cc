#include "fly/create_request.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/duration.h"

namespace flypin::fly {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void key(Writer& w, const std::string& k) { w.Key(k.c_str(), static_cast<rapidjson::SizeType>(k.size())); }
void string(Writer& w, const std::string& v) { w.String(v.c_str(), static_cast<rapidjson::SizeType>(v.size())); }

void string_map(Writer& w, const std::string& name, const std::map<std::string, std::string>& values) {
  key(w, name);
  w.StartObject();
  for (const auto& [k, v] : values) {
    key(w, k);
    string(w, v);
  }
  w.EndObject();
}

void write_check(Writer& w, const HttpCheck& c) {
  key(w, "checks");
  w.StartObject();
  key(w, c.name);
  w.StartObject();
  key(w, "type");
  string(w, "http");
  key(w, "port");
  w.Int(c.port);
  key(w, "path");
  string(w, c.path);
  key(w, "method");
  string(w, "GET");
  key(w, "protocol");
  string(w, "http");
  key(w, "interval");
  string(w, core::format_duration(c.interval));
  key(w, "timeout");
  string(w, c.timeout);
  key(w, "grace_period");
  string(w, c.grace_period);
  w.EndObject();
  w.EndObject();
}

void write_service(Writer& w, const ProxyService& s) {
  key(w, "services");
  w.StartArray();
  w.StartObject();
  key(w, "protocol");
  string(w, "tcp");
  key(w, "internal_port");
  w.Int(s.internal_port);
  key(w, "autostop");
  w.Bool(false);
  key(w, "autostart");
  w.Bool(false);
  key(w, "ports");
  w.StartArray();
  for (int port : {80, 443}) {
    w.StartObject();
    key(w, "port");
    w.Int(port);
    key(w, "handlers");
    w.StartArray();
    if (port == 443) string(w, "tls");
    string(w, "http");
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndArray();
}

}  // namespace

std::string to_json(const CreateMachineRequest& r) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  key(w, "name");
  string(w, r.name);
  if (!r.region.empty()) {
    key(w, "region");
    string(w, r.region);
  }
  if (r.skip_launch == SkipLaunch::kYes) {
    key(w, "skip_launch");
    w.Bool(true);
  }
  key(w, "config");
  w.StartObject();
  key(w, "image");
  string(w, r.image);
  key(w, "guest");
  w.StartObject();
  key(w, "cpu_kind");
  string(w, r.guest.cpu_kind);
  key(w, "cpus");
  w.Int(r.guest.cpus);
  key(w, "memory_mb");
  w.Int(r.guest.memory_mb);
  w.EndObject();
  string_map(w, "env", r.env);
  string_map(w, "metadata", r.metadata);
  key(w, "restart");
  w.StartObject();
  key(w, "policy");
  string(w, "no");
  w.EndObject();
  key(w, "auto_destroy");
  w.Bool(false);
  if (r.check) write_check(w, *r.check);
  if (r.service) write_service(w, *r.service);
  w.EndObject();
  w.EndObject();
  return {buf.GetString(), buf.GetSize()};
}

}  // namespace flypin::fly
