#include "supabase_emulator.h"

#include <stdexcept>

#include "core/curl_http_client.h"
#include "core/json.h"

namespace flypin::e2e {

SupabaseEmulator::SupabaseEmulator(const std::string& token, const std::string& project_ref)
    : port_(testbed::free_loopback_port()) {
  process_ = std::make_unique<testbed::ScopedProcess>(
      std::vector<std::string>{std::string(FLYPIN_BIN_DIR) + "/flypin-supabase-emulator", "--listen",
                               "127.0.0.1:" + std::to_string(port_), "--token", token, "--project", project_ref},
      std::map<std::string, std::string>{}, dir_.file("emulator.log"));
  if (!process_->wait_for_port(port_, std::chrono::seconds(20))) {
    throw std::runtime_error("supabase emulator did not start: " + process_->log());
  }
}

std::string SupabaseEmulator::admin(const std::string& method, const std::string& path, const std::string& body) {
  core::CurlHttpClient http;
  core::HttpRequest req;
  req.method = method;
  req.url = url() + path;
  req.body = body;
  if (!body.empty()) req.headers.add("Content-Type", "application/json");
  auto r = http.send(req);
  if (!r.ok() || !r->success()) throw std::runtime_error("admin call failed: " + method + " " + path);
  return r->body;
}

int SupabaseEmulator::api_requests(const std::string& method) {
  auto doc = core::json::parse(admin("GET", "/_admin/requests"), "requests");
  if (!doc.ok() || !doc->IsArray()) throw std::runtime_error("bad /_admin/requests body");
  int n = 0;
  for (const auto& r : doc->GetArray()) {
    auto m = core::json::get_string(r, "method").value_or("");
    auto path = core::json::get_string(r, "path").value_or("");
    if (path.rfind("/_admin", 0) == 0) continue;
    if (method.empty() || m == method) ++n;
  }
  return n;
}

int SupabaseEmulator::api_requests() { return api_requests(""); }

std::string SupabaseEmulator::secret_value(const std::string& project_ref, const std::string& name) {
  auto doc = core::json::parse(admin("GET", "/_admin/secrets/" + project_ref), "secrets");
  if (!doc.ok()) throw std::runtime_error("bad /_admin/secrets body");
  return core::json::get_string(*doc, name.c_str()).value_or("");
}

void SupabaseEmulator::inject(const std::string& fault_json) { admin("POST", "/_admin/faults", fault_json); }
void SupabaseEmulator::reset() { admin("POST", "/_admin/reset", "{}"); }

}  // namespace flypin::e2e
