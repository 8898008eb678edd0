// /v1/apps/{app}/machines: create, list, get, update, leases, events, stop,
// start, restart, destroy (wait has its own file).
#include <rapidjson/document.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <sstream>
#include <thread>

#include "core/json.h"
#include "emulators/fly/api/api_server.h"
#include "emulators/fly/api/reply.h"
#include "emulators/fly/api/wait_route.h"
#include "emulators/fly/model/create_request.h"
#include "emulators/fly/model/machine_json.h"

namespace flypin::emulators::fly {
namespace {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, sep);)
    if (!part.empty()) out.push_back(part);
  return out;
}

bool truthy(const std::string& v) { return v == "true" || v == "1"; }

constexpr const char* kLeaseNonce = "fly-machine-lease-nonce";

std::string nonce_of(const httplib::Request& req) { return req.get_header_value(kLeaseNonce); }

// fly-go's MachineLease: {"status":"success","data":{...}}.
std::string lease_json(const Lease& lease, const std::string& version) {
  return "{\"status\":\"success\",\"data\":" +
         core::json::FlatObject()
             .add("nonce", lease.nonce)
             .add("expires_at", lease.expires_at)
             .add("owner", lease.owner)
             .add("description", lease.description)
             .add("version", version)
             .str() +
         "}";
}

// Who holds a lease, without ever echoing the token itself ("<id>@tokens.fly.io", as real answers show).
std::string owner_of(const std::string& token) {
  return "user-" + std::to_string(std::hash<std::string>{}(token) % 1000000) + "@tokens.fly.io";
}

// The lease endpoints' error envelope (FIDELITY E2).
std::string lease_error_json(const std::string& message, const std::string& code) {
  return core::json::FlatObject().add("status", "error").add("message", message).add("code", code).str();
}

// fly-go sends ?ttl=N with no body, the docs and fly-admin {"ttl":N}: both are in real use (L1).
std::optional<int> lease_ttl(const httplib::Request& req, std::string& problem) {
  if (req.has_param("ttl")) {
    const std::string t = req.get_param_value("ttl");
    if (t.empty() || t.size() > 6 || t.find_first_not_of("0123456789") != std::string::npos) {
      problem = "invalid ttl \"" + t + "\"";
      return std::nullopt;
    }
    return std::stoi(t);
  }
  rapidjson::Document doc;
  doc.Parse(req.body.empty() ? "{}" : req.body.c_str());
  if (doc.HasParseError() || !doc.IsObject()) {
    problem = "invalid request body";
    return std::nullopt;
  }
  return doc.HasMember("ttl") && doc["ttl"].IsInt() ? doc["ttl"].GetInt() : 30;
}

}  // namespace

Rendering ApiServer::rendering(Detail detail) const {
  const FlyVariants& v = fleet_.variants();
  Rendering r;
  r.detail = detail;
  r.summary_image_ref =
      v.summary_listing == SummaryListing::kWithImageRef ? SummaryImageRef::kKept : SummaryImageRef::kLeftOut;
  r.compat_check_status = v.compat_check_status == CompatCheckStatus::kPassing ? "passing" : "warning";
  return r;
}

Machine ApiServer::as_read(Machine m) const {
  // Eventually consistent reads (R6): a machine that has just started may still read as starting.
  constexpr auto kLag = std::chrono::seconds(2);
  if (fleet_.variants().read_after_start == ReadAfterStart::kLags && m.state == "started" &&
      std::chrono::steady_clock::now() - m.started_at < kLag)
    m.state = "starting";
  return m;
}

void ApiServer::install_machine_routes() {
  const std::string machines = R"(/v1/apps/([^/]+)/machines)";
  const std::string machine = machines + R"(/([^/]+))";

  server_.Post(machines, [this](const httplib::Request& req, httplib::Response& res) {
    auto parsed = parse_create_request(req.body);
    if (!parsed.ok()) return reply_error(res, 400, parsed.error().message);
    auto created = fleet_.create(req.matches[1], std::move(*parsed));
    if (!created.ok()) return reply_error(res, created.error().http_status, created.error().message);
    reply(res, 200, machine_json(*created, rendering(Detail::kFull)));
  });

  server_.Get(machines, [this](const httplib::Request& req, httplib::Response& res) {
    auto include = truthy(req.get_param_value("include_deleted")) ? IncludeDeleted::kYes : IncludeDeleted::kNo;
    auto states = split(req.get_param_value("state"), ',');
    std::string region = req.get_param_value("region");
    std::vector<Machine> out;
    const bool filter = fleet_.variants().metadata_filter == MetadataFilter::kHonoured;
    for (auto& m : fleet_.list(req.matches[1], include)) {
      if (!region.empty() && m.region != region) continue;
      if (!states.empty() && std::find(states.begin(), states.end(), m.state) == states.end()) continue;
      bool metadata_ok = true;
      for (const auto& [key, value] : req.params) {
        if (!filter) break;
        if (key.rfind("metadata.", 0) != 0) continue;
        auto it = m.metadata.find(key.substr(9));
        metadata_ok = metadata_ok && it != m.metadata.end() && it->second == value;
      }
      if (metadata_ok) out.push_back(as_read(std::move(m)));
    }
    auto detail = truthy(req.get_param_value("summary")) ? Detail::kSummary : Detail::kFull;
    reply(res, 200, machines_json(out, rendering(detail)));
  });

  server_.Get(machine, [this](const httplib::Request& req, httplib::Response& res) {
    auto m = fleet_.get(req.matches[1], req.matches[2]);
    if (!m) return reply_error(res, 404, "machine not found");
    reply(res, 200, machine_json(as_read(*m), rendering(Detail::kFull)));
  });

  server_.Get(machine + "/events", [this](const httplib::Request& req, httplib::Response& res) {
    auto m = fleet_.get(req.matches[1], req.matches[2]);
    if (!m) return reply_error(res, 404, "machine not found");
    reply(res, 200, events_json(*m));
  });

  install_wait_route(server_, fleet_, machine);

  server_.Post(machine, [this](const httplib::Request& req, httplib::Response& res) {
    auto parsed = parse_create_request(req.body);
    if (!parsed.ok()) return reply_error(res, 400, parsed.error().message);
    if (int delay = fleet_.behaviour().update_delay_ms; delay > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    auto updated = fleet_.update(req.matches[1], req.matches[2], std::move(*parsed), nonce_of(req));
    if (!updated.ok()) return reply_error(res, updated.error().http_status, updated.error().message);
    reply(res, 200, machine_json(*updated, rendering(Detail::kFull)));
  });

  server_.Post(machine + "/lease", [this](const httplib::Request& req, httplib::Response& res) {
    std::string problem;
    auto ttl = lease_ttl(req, problem);
    if (!ttl) return reply(res, 400, lease_error_json(problem, "invalid_argument"));
    if (*ttl < 1 || *ttl > 3600)
      return reply(res, 400, lease_error_json("invalid ttl: must be between 1 and 3600 seconds", "invalid_argument"));
    rapidjson::Document doc;
    doc.Parse(req.body.empty() ? "{}" : req.body.c_str());
    std::string description =
        !doc.HasParseError() && doc.IsObject() && doc.HasMember("description") && doc["description"].IsString()
            ? doc["description"].GetString()
            : "";
    auto lease =
        fleet_.acquire_lease(req.matches[1], req.matches[2], *ttl, description, owner_of(token_of(req)), nonce_of(req));
    if (!lease.ok()) {
      const auto& e = lease.error();
      if (!e.codes.empty()) return reply(res, e.http_status, lease_error_json(e.message, e.codes.front()));
      return reply_error(res, e.http_status, e.message);
    }
    auto m = fleet_.get(req.matches[1], req.matches[2]);
    reply(res, 201, lease_json(*lease, m ? m->instance_id : ""));
  });
  server_.Get(machine + "/lease", [this](const httplib::Request& req, httplib::Response& res) {
    auto m = fleet_.get(req.matches[1], req.matches[2]);
    if (!m) return reply_error(res, 404, "machine not found");
    auto lease = fleet_.lease_of(req.matches[1], req.matches[2]);
    if (!lease) return reply_error(res, 404, "lease not found");
    reply(res, 200, lease_json(*lease, m->instance_id));
  });
  server_.Delete(machine + "/lease", [this](const httplib::Request& req, httplib::Response& res) {
    reply_status(res, fleet_.release_lease(req.matches[1], req.matches[2], nonce_of(req)));
  });

  server_.Post(machine + "/stop", [this](const httplib::Request& req, httplib::Response& res) {
    if (auto st = fleet_.lease_allows(req.matches[1], req.matches[2], nonce_of(req)); !st.ok())
      return reply_status(res, st);
    reply_status(res, fleet_.stop(req.matches[1], req.matches[2]));
  });
  server_.Post(machine + "/start", [this](const httplib::Request& req, httplib::Response& res) {
    if (auto st = fleet_.lease_allows(req.matches[1], req.matches[2], nonce_of(req)); !st.ok())
      return reply_status(res, st);
    auto previous = fleet_.start(req.matches[1], req.matches[2]);
    if (!previous.ok()) return reply_status(res, previous.error());
    reply(res, 200, core::json::FlatObject().add("previous_state", *previous).str());
  });
  server_.Post(machine + "/restart", [this](const httplib::Request& req, httplib::Response& res) {
    if (auto st = fleet_.lease_allows(req.matches[1], req.matches[2], nonce_of(req)); !st.ok())
      return reply_status(res, st);
    reply_status(res, fleet_.restart(req.matches[1], req.matches[2]));
  });
  server_.Delete(machine, [this](const httplib::Request& req, httplib::Response& res) {
    // The spec names it force; flyctl and fly-admin send kill.
    bool forced = truthy(req.get_param_value("force")) || truthy(req.get_param_value("kill"));
    auto force = forced ? Force::kYes : Force::kNo;
    if (auto st = fleet_.lease_allows(req.matches[1], req.matches[2], nonce_of(req)); !st.ok())
      return reply_status(res, st);
    reply_status(res, fleet_.destroy(req.matches[1], req.matches[2], force));
  });
}

}  // namespace flypin::emulators::fly
