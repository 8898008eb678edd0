#include "programs/smoke-machine/hostile/hostile_fly_test.h"

#include <rapidjson/document.h>

#include <sstream>
#include <thread>

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

// One registry and one emulator for the whole binary: starting them is the
// slow part, and every test resets the emulator anyway.
struct World {
  std::unique_ptr<testbed::LocalRegistry> registry;
  std::unique_ptr<e2e::FlyEmulator> emulator;
  std::map<std::string, std::string> images;
};

World& world() {
  static World w;
  if (!w.registry) {
    w.registry = std::make_unique<testbed::LocalRegistry>(testbed::AuthMode::kBasic);
    w.emulator = std::make_unique<e2e::FlyEmulator>(
        *w.registry, e2e::FlyEmulatorOptions{
                         .tokens = {kToken}, .apps = {kApp}, .registry = e2e::RegistryTransport::kInsecureEverywhere});
  }
  return w;
}

class WorldTeardown : public ::testing::Environment {
 public:
  void TearDown() override {
    auto& w = world();
    w.emulator.reset();
    w.registry.reset();
  }
};
[[maybe_unused]] auto* const kWorldTeardown = ::testing::AddGlobalTestEnvironment(new WorldTeardown);

std::string image(const std::string& name, const std::string& script) {
  auto& w = world();
  auto& ref = w.images[name];
  if (ref.empty()) {
    testbed::ImageSpec spec;
    spec.files["/www/health"] = "ok";
    spec.cmd = {"/bin/busybox", "sh", "-c", script};
    w.registry->push_image("flypin-hostile/" + name, "deployment-test", spec);
    ref = w.registry->host() + "/flypin-hostile/" + name + ":deployment-test";
  }
  return ref;
}

}  // namespace

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

std::string last_line(const std::string& text) {
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
  }
  return last;
}

testbed::LocalRegistry& HostileFlyTest::registry() { return *world().registry; }
e2e::FlyEmulator& HostileFlyTest::emulator() { return *world().emulator; }

std::string HostileFlyTest::healthy_image() { return image("healthy", "exec /bin/busybox httpd -f -p 8080 -h /www"); }
std::string HostileFlyTest::slow_image() {
  return image("slow", "/bin/busybox sleep ${BOOT_DELAY:-3}; exec /bin/busybox httpd -f -p 8080 -h /www");
}

void HostileFlyTest::SetUp() {
  emulator().admin("POST", "/_admin/reset");
  dir_ = std::make_unique<testbed::TempDir>("flypin-hostile-fly");
  front_ = std::make_unique<FlyFront>(emulator().api_url());
}

void HostileFlyTest::TearDown() {
  front_.reset();
  // Whatever a test left (on purpose or not) must not leak into the next one.
  emulator().admin("POST", "/_admin/reset");
}

Env HostileFlyTest::env() const {
  return {{"FLY_API_TOKEN", kToken},
          {"FLY_API_URL", front_->url()},
          {"FLY_LOGS_API_URL", front_->url()},
          {"PATH", std::string(FLYPIN_BIN_DIR) + ":/usr/bin:/bin"},
          {"HOME", dir_->path()},
          {"TMPDIR", dir_->path()},
          {"GITHUB_RUN_ID", "4242"}};
}

std::vector<std::string> HostileFlyTest::smoke_args(const std::string& img, std::vector<std::string> extra) const {
  std::vector<std::string> a{"--app",  kApp, "--image",     img,   "--region",  "sin", "--cpu-kind",       "shared",
                             "--cpus", "1",  "--memory-mb", "256", "--timeout", "60s", "--check-interval", "250ms"};
  a.insert(a.end(), extra.begin(), extra.end());
  return a;
}

std::unique_ptr<e2e::SpawnedProgram> HostileFlyTest::start(const std::string& program,
                                                           const std::vector<std::string>& args,
                                                           const Env& extra_env) const {
  auto e = env();
  for (const auto& [k, v] : extra_env) e[k] = v;
  return std::make_unique<e2e::SpawnedProgram>(program, args, e, dir_->path());
}

bool HostileFlyTest::await_alive(int n, std::chrono::milliseconds timeout) const {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (alive() == n) return true;
    std::this_thread::sleep_for(50ms);
  }
  return alive() == n;
}

std::vector<std::string> HostileFlyTest::alive_ids() const {
  rapidjson::Document doc;
  doc.Parse(emulator().admin("GET", "/_admin/machines").body.c_str());
  const rapidjson::Value* list = &doc;
  if (doc.IsObject() && doc.HasMember("machines")) list = &doc["machines"];
  std::vector<std::string> ids;
  if (!list->IsArray()) return ids;
  for (const auto& m : list->GetArray()) {
    if (!m.IsObject() || !m.HasMember("id") || !m.HasMember("state")) continue;
    if (std::string(m["state"].GetString()) != "destroyed") ids.emplace_back(m["id"].GetString());
  }
  return ids;
}

}  // namespace flypin::hostile
