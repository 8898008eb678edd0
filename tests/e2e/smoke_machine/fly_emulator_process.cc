#include "fly_emulator_process.h"

#include <httplib.h>
#include <rapidjson/document.h>

#include <regex>
#include <stdexcept>
#include <thread>

namespace flypin::e2e {

using namespace std::chrono_literals;

FlyEmulatorProcess::FlyEmulatorProcess(const std::string& token, const std::string& app,
                                       const testbed::LocalRegistry& registry) {
  std::vector<std::string> argv{std::string(FLYPIN_BIN_DIR) + "/flypin-fly-emulator",
                                "--listen", "127.0.0.1:0", "--proxy-listen", "127.0.0.1:0",
                                "--token", token, "--app", app, "--work-dir", dir_.file("work"),
                                "--registry-insecure"};
  process_ = std::make_unique<testbed::ScopedProcess>(
      argv, std::map<std::string, std::string>{{"REGISTRY_USERNAME", registry.username()},
                                               {"REGISTRY_PASSWORD", registry.password()}},
      dir_.file("emulator.log"));
  static const std::regex api_re("api listening on http://127\\.0\\.0\\.1:(\\d+)");
  static const std::regex proxy_re("proxy listening on http://127\\.0\\.0\\.1:(\\d+)");
  const auto until = std::chrono::steady_clock::now() + 15s;
  while (std::chrono::steady_clock::now() < until) {
    const auto log = process_->log();
    std::smatch a, p;
    if (std::regex_search(log, a, api_re) && std::regex_search(log, p, proxy_re)) {
      api_port_ = std::stoi(a[1]);
      proxy_port_ = std::stoi(p[1]);
      if (process_->wait_for_port(api_port_, 5s)) return;
    }
    if (!process_->running()) break;
    std::this_thread::sleep_for(20ms);
  }
  throw std::runtime_error("fly emulator did not start:\n" + process_->log());
}

AdminAnswer FlyEmulatorProcess::admin(const std::string& method, const std::string& path, const std::string& body) {
  httplib::Client client("127.0.0.1", api_port_);
  client.set_read_timeout(30, 0);
  auto res = method == "POST" ? client.Post(path, body, "application/json") : client.Get(path);
  if (!res) return {0, "no answer"};
  return {res->status, res->body};
}

int FlyEmulatorProcess::machines_alive() {
  auto answer = admin("GET", "/_admin/machines");
  rapidjson::Document doc;
  doc.Parse(answer.body.c_str());
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

int FlyEmulatorProcess::requests_seen() {
  auto answer = admin("GET", "/_admin/requests");
  rapidjson::Document doc;
  doc.Parse(answer.body.c_str());
  const rapidjson::Value* list = &doc;
  if (doc.IsObject() && doc.HasMember("requests")) list = &doc["requests"];
  return list->IsArray() ? static_cast<int>(list->Size()) : -1;
}

}  // namespace flypin::e2e
