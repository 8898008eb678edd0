#include "support/launchers/fly_emulator.h"

#include <httplib.h>

#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "core/process.h"

namespace flypin::e2e {
namespace {

using namespace std::chrono_literals;

FlyReply to_reply(const httplib::Result& r) {
  FlyReply out;
  if (!r) return out;
  out.status = r->status;
  out.body = r->body;
  for (const auto& [k, v] : r->headers) out.headers[k] = v;
  return out;
}

int number_of(const rapidjson::Document& doc, const char* wrapper) {
  const rapidjson::Value* list = &doc;
  if (doc.IsObject() && doc.HasMember(wrapper)) list = &doc[wrapper];
  return list->IsArray() ? static_cast<int>(list->Size()) : -1;
}

}  // namespace

rapidjson::Document FlyReply::json() const {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  return doc;
}

FlyEmulator::FlyEmulator(const testbed::LocalRegistry& registry, FlyEmulatorOptions options)
    : options_(std::move(options)) {
  if (options_.tokens.empty() || options_.apps.empty())
    throw std::invalid_argument("the Fly emulator needs a token and an app");
  std::vector<std::string> argv{std::string(FLYPIN_BIN_DIR) + "/flypin-fly-emulator",
                                "--listen",
                                "127.0.0.1:0",
                                "--proxy-listen",
                                "127.0.0.1:0",
                                "--work-dir",
                                dir_.file("work"),
                                "--state-log",
                                dir_.file("states.jsonl")};
  for (const auto& token : options_.tokens) argv.insert(argv.end(), {"--token", token});
  for (const auto& app : options_.apps) argv.insert(argv.end(), {"--app", app});
  if (options_.registry == RegistryTransport::kInsecureEverywhere) argv.push_back("--registry-insecure");
  for (const auto& v : options_.variants) argv.insert(argv.end(), {"--variant", v});
  process_ = std::make_unique<testbed::ScopedProcess>(
      argv,
      std::map<std::string, std::string>{{"REGISTRY_USERNAME", registry.username()},
                                         {"REGISTRY_PASSWORD", registry.password()}},
      dir_.file("emulator.log"));
  static const std::regex kApi(R"(api listening on http://127\.0\.0\.1:(\d+))");
  static const std::regex kProxy(R"(proxy listening on http://127\.0\.0\.1:(\d+))");
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (std::chrono::steady_clock::now() < deadline && (api_port_ == 0 || proxy_port_ == 0)) {
    const std::string text = process_->log();
    std::smatch m;
    if (std::regex_search(text, m, kApi)) api_port_ = std::stoi(m[1]);
    if (std::regex_search(text, m, kProxy)) proxy_port_ = std::stoi(m[1]);
    if (!process_->running()) break;
    std::this_thread::sleep_for(20ms);  // polling the log for a condition
  }
  if (api_port_ == 0 || proxy_port_ == 0 || !process_->wait_for_port(api_port_, 5s))
    throw std::runtime_error("fly emulator did not start:\n" + process_->log());
  if (options_.rate_limit == FlyRateLimit::kOff) admin("POST", "/_admin/behaviour", R"({"rate_limit":false})");
}

FlyEmulator::~FlyEmulator() = default;

FlyReply FlyEmulator::call(const std::string& method, const std::string& path, const std::string& body,
                           const std::string& token, const std::map<std::string, std::string>& extra) {
  httplib::Client client("127.0.0.1", api_port_);
  client.set_read_timeout(90, 0);
  httplib::Headers headers{{"Authorization", "Bearer " + (token.empty() ? options_.tokens.front() : token)}};
  for (const auto& [name, value] : extra) headers.emplace(name, value);
  if (method == "GET") return to_reply(client.Get(path.c_str(), headers));
  if (method == "DELETE") return to_reply(client.Delete(path.c_str(), headers));
  return to_reply(client.Post(path.c_str(), headers, body.empty() ? "{}" : body, "application/json"));
}

FlyReply FlyEmulator::admin(const std::string& method, const std::string& path, const std::string& body) {
  auto reply = admin_api().call(method, path, body);
  FlyReply out;
  out.status = reply.status;
  out.body = std::move(reply.body);
  return out;
}

FlyReply FlyEmulator::proxy(const std::string& path, const std::string& instance_id) {
  httplib::Client client("127.0.0.1", proxy_port_);
  httplib::Headers headers;
  if (!instance_id.empty()) headers.emplace("fly-force-instance-id", instance_id);
  return to_reply(client.Get(path.c_str(), headers));
}

std::string FlyEmulator::create(const std::string& config_json, const std::string& extra) {
  auto r = call("POST", "/v1/apps/" + options_.apps.front() + "/machines",
                "{\"region\":\"sin\"" + extra + ",\"config\":" + config_json + "}");
  if (r.status != 200) throw std::runtime_error("create failed: " + std::to_string(r.status) + " " + r.body);
  return r.json()["id"].GetString();
}

bool FlyEmulator::poll(const std::string& id, const std::function<bool(const rapidjson::Document&)>& pred,
                       std::chrono::milliseconds timeout, std::string* last) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto r = call("GET", "/v1/apps/" + options_.apps.front() + "/machines/" + id);
    if (last) *last = r.body;
    if (r.status == 200 && pred(r.json())) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(100ms);
  }
}

int FlyEmulator::machines_alive() {
  const auto doc = admin("GET", "/_admin/machines").json();
  const rapidjson::Value* list = &doc;
  if (doc.IsObject() && doc.HasMember("machines")) list = &doc["machines"];
  if (!list->IsArray()) return -1;
  int alive = 0;
  for (const auto& m : list->GetArray()) {
    if (!m.IsObject() || !m.HasMember("state") || !m["state"].IsString()) continue;
    if (std::string(m["state"].GetString()) != "destroyed") ++alive;
  }
  return alive;
}

int FlyEmulator::requests_seen() { return number_of(admin("GET", "/_admin/requests").json(), "requests"); }

std::string FlyTestImages::ref(const std::string& name) const {
  return registry->host() + "/flypin-test/" + name + ":deployment-test";
}

std::unique_ptr<FlyTestImages> push_fly_test_images(const std::vector<std::string>& names) {
  auto out = std::make_unique<FlyTestImages>();
  out->registry = std::make_unique<testbed::LocalRegistry>(testbed::AuthMode::kBasic);
  std::vector<std::string> argv{std::string(FLYPIN_SOURCE_DIR) + "/tests/support/images/build-images.sh",
                                out->registry->host(), out->registry->username(), out->registry->password()};
  argv.insert(argv.end(), names.begin(), names.end());
  core::SystemProcessRunner runner;
  auto result = runner.run({.argv = argv});
  if (!result.ok() || result->exit_code != 0)
    throw std::runtime_error("build-images.sh failed: " + (result.ok() ? result->output : result.error().message));
  std::istringstream lines(result->stdout_data);
  for (std::string name, digest; lines >> name >> digest;) out->digests[name] = digest;
  return out;
}

}  // namespace flypin::e2e
