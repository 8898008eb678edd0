// /_admin: behaviour, hosts, seeds and introspection for tests and the demo (no
// auth); faults, requests, variants and reset are every emulator's
// (emulators/common/admin_routes.h).
#include "emulators/common/admin_routes.h"

#include <rapidjson/document.h>

#include "core/json.h"
#include "core/version.h"
#include "emulators/fly/api/api_server.h"
#include "emulators/fly/api/reply.h"
#include "emulators/fly/model/machine_json.h"

namespace flypin::emulators::fly {
namespace {

int int_or(const rapidjson::Value& v, const char* key, int fallback) {
  return v.HasMember(key) && v[key].IsInt() ? v[key].GetInt() : fallback;
}
std::string str_or(const rapidjson::Value& v, const char* key, const std::string& fallback = "") {
  return v.HasMember(key) && v[key].IsString() ? v[key].GetString() : fallback;
}
bool bool_or(const rapidjson::Value& v, const char* key, bool fallback) {
  return v.HasMember(key) && v[key].IsBool() ? v[key].GetBool() : fallback;
}

bool parse_object(const std::string& body, rapidjson::Document& doc, httplib::Response& res) {
  doc.Parse(body.empty() ? "{}" : body.c_str());
  if (doc.HasParseError() || !doc.IsObject()) {
    res.status = 400;
    res.set_content(error_json("expected a JSON object"), kJson);
    return false;
  }
  return true;
}

}  // namespace

void ApiServer::install_admin_routes() {
  install_common_admin_routes(server_, {faults_, journal_, variants_, [this] {
                                          fleet_.reset();
                                          limiter_.clear();
                                        }});

  server_.Post("/_admin/behaviour", [this](const httplib::Request& req, httplib::Response& res) {
    rapidjson::Document doc;
    if (!parse_object(req.body, doc, res)) return;
    Behaviour b;  // any subset; {} resets
    b.boot_delay_ms = int_or(doc, "boot_delay_ms", b.boot_delay_ms);
    b.force_region = str_or(doc, "force_region");
    b.force_digest = str_or(doc, "force_digest");
    if (doc.HasMember("force_guest") && doc["force_guest"].IsObject()) {
      const auto& g = doc["force_guest"];
      b.force_cpu_kind = str_or(g, "cpu_kind");
      if (g.HasMember("cpus") && g["cpus"].IsInt()) b.force_cpus = g["cpus"].GetInt();
      if (g.HasMember("memory_mb") && g["memory_mb"].IsInt()) b.force_memory_mb = g["memory_mb"].GetInt();
    }
    b.rate_limit = bool_or(doc, "rate_limit", b.rate_limit);
    b.destroy_delay_ms = int_or(doc, "destroy_delay_ms", b.destroy_delay_ms);
    b.stop_delay_ms = int_or(doc, "stop_delay_ms", b.stop_delay_ms);
    b.update_delay_ms = int_or(doc, "update_delay_ms", b.update_delay_ms);
    b.destroyed_retention_ms = int_or(doc, "destroyed_retention_ms", b.destroyed_retention_ms);
    b.logs_ingestion_delay_ms = int_or(doc, "logs_ingestion_delay_ms", b.logs_ingestion_delay_ms);
    if (doc.HasMember("logs_refused_tokens") && doc["logs_refused_tokens"].IsArray()) {
      for (const auto& t : doc["logs_refused_tokens"].GetArray())
        if (t.IsString()) b.logs_refused_tokens.insert(t.GetString());
    }
    fleet_.set_behaviour(b);
    if (!b.rate_limit) limiter_.clear();
    res.set_content("{\"ok\":true}", kJson);
  });

  server_.Get("/_admin/machines", [this](const httplib::Request&, httplib::Response& res) {
    std::string out = "[";
    for (const auto& m : fleet_.all()) {
      if (out.size() > 1) out += ",";
      out += core::json::FlatObject()
                 .add("id", m.id)
                 .add("app", m.app)
                 .add("name", m.name)
                 .add("state", m.state)
                 .add("region", m.region)
                 .add("image", m.image)
                 .add("pid", static_cast<long long>(m.pid))
                 .str();
    }
    res.set_content(out + "]", kJson);
  });

  // Many stopped machines at once, records only: {"app","count","image","digest","region","metadata":{}}.
  server_.Post("/_admin/seed", [this](const httplib::Request& req, httplib::Response& res) {
    rapidjson::Document doc;
    if (!parse_object(req.body, doc, res)) return;
    Fleet::SeedSpec spec;
    spec.app = str_or(doc, "app");
    spec.count = int_or(doc, "count", 0);
    spec.image = str_or(doc, "image");
    spec.digest = str_or(doc, "digest");
    spec.region = str_or(doc, "region", "iad");
    spec.state = str_or(doc, "state", "stopped");
    if (spec.state != "stopped" && spec.state != "created")
      return reply_error(res, 400, "state must be stopped or created");
    if (config_.apps.count(spec.app) == 0) return reply_error(res, 400, "unknown app \"" + spec.app + "\"");
    if (spec.count < 1 || spec.count > 100000) return reply_error(res, 400, "count must be 1..100000");
    if (spec.image.empty()) return reply_error(res, 400, "image is required");
    if (doc.HasMember("metadata") && doc["metadata"].IsObject()) {
      for (const auto& kv : doc["metadata"].GetObject())
        if (kv.value.IsString()) spec.metadata[kv.name.GetString()] = kv.value.GetString();
    }
    auto ids = fleet_.seed(spec);
    std::string out = "{\"ids\":[";
    for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + core::json::quote(ids[i]);
    res.set_content(out + "]}", kJson);
  });

  server_.Get(R"(/_admin/machines/([^/]+)/log)", [this](const httplib::Request& req, httplib::Response& res) {
    res.set_content(fleet_.log_of(req.matches[1]), "text/plain");
  });

  // {"host_status":"ok|unknown|unreachable"}: the machine's host goes away or comes back (FIDELITY H2).
  server_.Post(R"(/_admin/machines/([^/]+)/host)", [this](const httplib::Request& req, httplib::Response& res) {
    rapidjson::Document doc;
    if (!parse_object(req.body, doc, res)) return;
    const std::string status = str_or(doc, "host_status");
    if (status != "ok" && status != "unknown" && status != "unreachable")
      return reply_error(res, 400, "host_status must be ok, unknown or unreachable");
    if (!fleet_.set_host_status(req.matches[1], status)) return reply_error(res, 404, "machine not found");
    res.set_content("{\"ok\":true}", kJson);
  });

  server_.Get("/_admin/info", [this](const httplib::Request&, httplib::Response& res) {
    const Sandbox& s = fleet_.sandbox();
    std::string apps = "[";
    for (const auto& a : config_.apps) apps += (apps.size() > 1 ? "," : "") + core::json::quote(a);
    apps += "]";
    std::string info =
        core::json::FlatObject()
            .add("version", core::version())
            .add("chroot", s.chroot)
            .add("netns", s.netns)
            .add("filesystem", s.chroot ? "chroot into the image rootfs" : "host filesystem (not root: cannot chroot)")
            .add("network",
                 s.netns ? "one network namespace per machine" : "host network (network namespaces unavailable)")
            .add("memory", fleet_.memory_limits().describe())
            .add("rate_limit", fleet_.behaviour().rate_limit)
            .str();
    info.pop_back();
    res.set_content(info + ",\"apps\":" + apps + ",\"variants\":" + variants_.to_json() + "}", kJson);
  });
}

}  // namespace flypin::emulators::fly
