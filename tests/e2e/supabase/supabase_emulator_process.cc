#include "supabase_emulator_process.h"

#include <rapidjson/document.h>

#include <chrono>
#include <regex>
#include <stdexcept>
#include <thread>

namespace flypin::supabase_e2e {

SupabaseEmulatorProcess::SupabaseEmulatorProcess(std::vector<std::string> extra_args,
                                                 std::map<std::string, std::string> extra_env) {
  std::vector<std::string> argv = {std::string(FLYPIN_BIN_DIR) + "/flypin-supabase-emulator",
                                   "--listen",
                                   "127.0.0.1:0",
                                   "--token",
                                   kToken,
                                   "--read-only-token",
                                   kReadOnlyToken,
                                   "--project",
                                   kProjectRef};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<testbed::ScopedProcess>(argv, std::move(extra_env), dir_.file("emulator.log"));
  const std::regex listening(R"(listening on (http://127\.0\.0\.1:[0-9]+))");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch match;
    const std::string log = process_->log();
    if (std::regex_search(log, match, listening)) {
      url_ = match[1];
      return;
    }
    if (!process_->running()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling the log for a condition
  }
  throw std::runtime_error("supabase emulator did not start:\n" + process_->log());
}

std::string SupabaseEmulatorProcess::admin(const std::string& method, const std::string& path,
                                           const std::string& body) {
  core::HttpRequest req;
  req.method = method;
  req.url = url_ + path;
  req.body = body;
  req.api = "supabase emulator admin";
  if (!body.empty()) req.headers.add("Content-Type", "application/json");
  auto response = admin_http_.send(req);
  if (!response.ok()) throw std::runtime_error("admin call failed: " + response.error().describe());
  if (!response->success()) {
    throw std::runtime_error("admin " + path + " -> HTTP " + std::to_string(response->status) + " " + response->body);
  }
  return response->body;
}

void SupabaseEmulatorProcess::inject_fault(const std::string& json) { admin("POST", "/_admin/faults", json); }

std::vector<SupabaseEmulatorProcess::Seen> SupabaseEmulatorProcess::requests() {
  const std::string body = admin("GET", "/_admin/requests", "");
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  if (!doc.IsArray()) throw std::runtime_error("admin requests is not an array: " + body);
  std::vector<Seen> out;
  for (const auto& r : doc.GetArray()) {
    out.push_back(Seen{r["method"].GetString(), r["status"].GetInt(), r["authorization"].GetBool(),
                       r["rejection"].GetString(), r["fault"].GetString()});
  }
  return out;
}

std::string SupabaseEmulatorProcess::plaintext_secrets(const std::string& ref) {
  return admin("GET", "/_admin/secrets/" + ref, "");
}

}  // namespace flypin::supabase_e2e
