#include "emulator_fixture.h"

#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "core/process.h"

namespace flypin::flyemu_test {
namespace {

using namespace std::chrono_literals;

Reply to_reply(const httplib::Result& r) {
  Reply out;
  if (!r) return out;
  out.status = r->status;
  out.body = r->body;
  for (const auto& [k, v] : r->headers) out.headers[k] = v;
  return out;
}

}  // namespace

rapidjson::Document Reply::json() const {
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  return doc;
}

Emulator::Emulator(const testbed::LocalRegistry& registry) {
  std::string log = dir_.file("emulator.log");
  process_ = std::make_unique<testbed::ScopedProcess>(
      std::vector<std::string>{std::string(FLYPIN_BIN_DIR) + "/flypin-fly-emulator", "--listen", "127.0.0.1:0",
                               "--proxy-listen", "127.0.0.1:0", "--token", kToken, "--token", "second-token",
                               "--app", kApp, "--app", "other-app", "--work-dir", dir_.file("work"),
                               "--state-log", dir_.file("states.jsonl")},
      std::map<std::string, std::string>{{"REGISTRY_USERNAME", registry.username()},
                                         {"REGISTRY_PASSWORD", registry.password()}},
      log);
  static const std::regex kApi(R"(api listening on http://127\.0\.0\.1:(\d+))");
  static const std::regex kProxy(R"(proxy listening on http://127\.0\.0\.1:(\d+))");
  auto deadline = std::chrono::steady_clock::now() + 15s;
  while (std::chrono::steady_clock::now() < deadline && (api_port_ == 0 || proxy_port_ == 0)) {
    std::string text = testbed::read_file(log);
    std::smatch m;
    if (std::regex_search(text, m, kApi)) api_port_ = std::stoi(m[1]);
    if (std::regex_search(text, m, kProxy)) proxy_port_ = std::stoi(m[1]);
    if (!process_->running()) break;
    std::this_thread::sleep_for(20ms);
  }
  if (api_port_ == 0 || proxy_port_ == 0) throw std::runtime_error("emulator did not start: " + process_->log());
  // Tests opt into rate limiting explicitly.
  admin("POST", "/_admin/behaviour", R"({"rate_limit":false})");
}

Emulator::~Emulator() = default;

Reply Emulator::call(const std::string& method, const std::string& path, const std::string& body,
                     const std::string& token) {
  httplib::Client client("127.0.0.1", api_port_);
  client.set_read_timeout(90, 0);
  httplib::Headers headers{{"Authorization", "Bearer " + token}};
  if (method == "GET") return to_reply(client.Get(path.c_str(), headers));
  if (method == "DELETE") return to_reply(client.Delete(path.c_str(), headers));
  return to_reply(client.Post(path.c_str(), headers, body.empty() ? "{}" : body, "application/json"));
}

Reply Emulator::admin(const std::string& method, const std::string& path, const std::string& body) {
  httplib::Client client("127.0.0.1", api_port_);
  if (method == "GET") return to_reply(client.Get(path.c_str()));
  return to_reply(client.Post(path.c_str(), body.empty() ? "{}" : body, "application/json"));
}

Reply Emulator::proxy(const std::string& path, const std::string& instance_id) {
  httplib::Client client("127.0.0.1", proxy_port_);
  httplib::Headers headers;
  if (!instance_id.empty()) headers.emplace("fly-force-instance-id", instance_id);
  return to_reply(client.Get(path.c_str(), headers));
}

std::string Emulator::create(const std::string& config_json, const std::string& extra) {
  auto r = call("POST", std::string("/v1/apps/") + kApp + "/machines",
                "{\"region\":\"sin\"" + extra + ",\"config\":" + config_json + "}");
  if (r.status != 200) throw std::runtime_error("create failed: " + std::to_string(r.status) + " " + r.body);
  return r.json()["id"].GetString();
}

bool Emulator::poll(const std::string& id, const std::function<bool(const rapidjson::Document&)>& pred,
                    std::chrono::milliseconds timeout, std::string* last) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    auto r = call("GET", std::string("/v1/apps/") + kApp + "/machines/" + id);
    if (last) *last = r.body;
    if (r.status == 200 && pred(r.json())) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(100ms);
  }
}

std::string Images::ref(const std::string& name) const {
  return registry->host() + "/flypin-test/" + name + ":deployment-test";
}

std::unique_ptr<Images> push_test_images() {
  auto out = std::make_unique<Images>();
  {
    out->registry = std::make_unique<testbed::LocalRegistry>(testbed::AuthMode::kBasic);
    core::SystemProcessRunner runner;
    auto result = runner.run({.argv = {std::string(FLYPIN_SOURCE_DIR) + "/tests/images/build-images.sh",
                                       out->registry->host(), out->registry->username(), out->registry->password(),
                                       "healthy", "missing-entrypoint", "needs-env", "wrong-port"}});
    if (!result.ok() || result->exit_code != 0)
      throw std::runtime_error("build-images.sh failed: " + (result.ok() ? result->output : result.error().message));
    std::istringstream lines(result->stdout_data);
    for (std::string name, digest; lines >> name >> digest;) out->digests[name] = digest;
  }
  return out;
}

}  // namespace flypin::flyemu_test
