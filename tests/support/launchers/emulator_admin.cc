#include "support/launchers/emulator_admin.h"

#include <stdexcept>

#include "core/curl_http_client.h"
#include "core/json.h"

namespace flypin::e2e {

std::string FaultSpec::json() const {
  core::json::FlatObject o;
  if (!path_prefix.empty()) o.add("path_prefix", path_prefix);
  if (!path.empty()) o.add("path", path);
  if (!method.empty()) o.add("method", method);
  if (status != 0) o.add("status", static_cast<long long>(status));
  if (!body.empty()) o.add("body", body);
  if (delay_ms != 0) o.add("delay_ms", static_cast<long long>(delay_ms));
  if (drop_connection) o.add("drop_connection", true);
  o.add("count", static_cast<long long>(count));
  o.add("when", when == FaultWhen::kAfter ? "after" : "before");
  return o.str();
}

AdminReply EmulatorAdmin::call(const std::string& method, const std::string& path, const std::string& body) const {
  core::CurlHttpClient http;
  core::HttpRequest req;
  req.method = method;
  req.url = base_url_ + path;
  req.api = "emulator admin";
  req.total_timeout = std::chrono::seconds(30);
  if (method != "GET") {
    req.body = body.empty() ? "{}" : body;
    req.headers.add("Content-Type", "application/json");
  }
  auto response = http.send(req);
  if (!response.ok()) return {};
  return {response->status, response->body};
}

std::string EmulatorAdmin::checked(const std::string& method, const std::string& path, const std::string& body) const {
  auto reply = call(method, path, body);
  if (reply.status < 200 || reply.status > 299) {
    throw std::runtime_error("admin " + method + " " + path + " -> HTTP " + std::to_string(reply.status) + " " +
                             reply.body);
  }
  return reply.body;
}

void EmulatorAdmin::fault(const FaultSpec& fault) const { checked("POST", "/_admin/faults", fault.json()); }
void EmulatorAdmin::fault_json(const std::string& json) const { checked("POST", "/_admin/faults", json); }
std::string EmulatorAdmin::variants() const { return checked("GET", "/_admin/variants"); }
void EmulatorAdmin::reset() const { checked("POST", "/_admin/reset", "{}"); }

std::vector<SeenRequest> EmulatorAdmin::requests() const {
  const std::string body = checked("GET", "/_admin/requests");
  auto doc = core::json::parse(body, "emulator requests");
  if (!doc.ok() || !doc->IsArray()) throw std::runtime_error("admin requests is not an array: " + body);
  std::vector<SeenRequest> out;
  for (const auto& r : doc->GetArray()) {
    SeenRequest seen;
    seen.method = core::json::get_string(r, "method").value_or("");
    seen.path = core::json::get_string(r, "path").value_or("");
    seen.query = core::json::get_string(r, "query").value_or("");
    seen.status = static_cast<int>(core::json::get_int(r, "status").value_or(0));
    seen.authorization = core::json::get_bool(r, "authorization").value_or(false);
    seen.auth_scheme = core::json::get_string(r, "auth_scheme").value_or("");
    seen.rejection = core::json::get_string(r, "rejection").value_or("");
    seen.fault = core::json::get_string(r, "fault").value_or("");
    seen.body = core::json::get_string(r, "body").value_or("");
    if (const auto* headers = core::json::get_object(r, "headers")) {
      for (const auto& h : headers->GetObject())
        if (h.value.IsString()) seen.headers[h.name.GetString()] = h.value.GetString();
    }
    out.push_back(std::move(seen));
  }
  return out;
}

}  // namespace flypin::e2e
