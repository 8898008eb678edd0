// The Fly emulator's logs API end to end: real machines print lines and exit
// (or run out of memory); their logs are read back page by page over loopback
// HTTP with the programs' own client, as flyctl reads them.
#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <regex>
#include <thread>

#include "core/curl_http_client.h"
#include "support/launchers/fly_emulator.h"
#include "support/testbed/testbed.h"

namespace flypin::e2e {
namespace {

using namespace std::chrono_literals;

constexpr const char* kToken = "logs-e2e-token";
constexpr const char* kDeployToken = "logs-e2e-deploy-token";
constexpr const char* kApp = "logs-app";

struct Entry {
  std::string timestamp, message, level, instance, region, provider;
};

struct Page {
  int status = 0;
  std::string body;
  std::vector<Entry> entries;
  std::string next_token;
};

std::string str(const rapidjson::Value& v, const char* key) {
  return v.IsObject() && v.HasMember(key) && v[key].IsString() ? v[key].GetString() : "";
}

class FlyLogsE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    registry_ = std::make_unique<testbed::LocalRegistry>(testbed::AuthMode::kBasic);
    emulator_ = std::make_unique<FlyEmulator>(
        *registry_,
        FlyEmulatorOptions{.tokens = {kToken, kDeployToken}, .apps = {kApp}, .rate_limit = FlyRateLimit::kOff});
    testbed::ImageSpec chatty;
    chatty.cmd = {"/bin/busybox", "sh", "-c",
                  "i=1; while [ $i -le 150 ]; do echo \"line $i\"; i=$((i+1)); done; "
                  "echo 'to stderr: cannot open /app/start.sh' >&2; exit 3"};
    registry_->push_image("flypin-logs/chatty", "deployment-test", chatty);
    testbed::ImageSpec hungry;
    hungry.cmd = {"/bin/busybox", "sh", "-c", "echo allocating; x=a; while true; do x=\"$x$x\"; done"};
    registry_->push_image("flypin-logs/hungry", "deployment-test", hungry);
  }
  static void TearDownTestSuite() {
    emulator_.reset();
    registry_.reset();
  }
  void SetUp() override { emulator_->admin("POST", "/_admin/behaviour", R"({"rate_limit":false})"); }
  void TearDown() override {
    if (HasFailure()) std::cerr << "emulator log:\n" << emulator_->log() << "\n";
  }

  static std::string image(const std::string& name) {
    return registry_->host() + "/flypin-logs/" + name + ":deployment-test";
  }

  /// Boots `name` in `region` and waits until its process has exited.
  static std::string run_to_exit(const std::string& name, const std::string& region, int memory_mb = 256) {
    auto created = emulator_->call("POST", std::string("/v1/apps/") + kApp + "/machines",
                                   R"({"region":")" + region + R"(","config":{"image":")" + image(name) +
                                       R"(","guest":{"cpu_kind":"shared","cpus":1,"memory_mb":)" +
                                       std::to_string(memory_mb) + R"(},"restart":{"policy":"no"}}})");
    EXPECT_EQ(created.status, 200) << created.body;
    const std::string id = str(created.json(), "id");
    auto waited =
        emulator_->call("GET", std::string("/v1/apps/") + kApp + "/machines/" + id + "/wait?state=stopped&timeout=60");
    EXPECT_EQ(waited.status, 200) << waited.body;
    return id;
  }

  static Page get(const std::string& query, const std::string& authorization = std::string("Bearer ") + kToken) {
    core::HttpRequest req;
    req.url = emulator_->api_url() + "/api/v1/apps/" + kApp + "/logs?" + query;
    req.api = "fly logs";
    if (!authorization.empty()) req.headers.add("Authorization", authorization);
    auto response = http_.send(req);
    Page out;
    if (!response.ok()) return out;
    out.status = response->status;
    out.body = response->body;
    rapidjson::Document doc;
    doc.Parse(out.body.c_str());
    if (!doc.IsObject() || !doc.HasMember("data") || !doc["data"].IsArray()) return out;
    for (const auto& d : doc["data"].GetArray()) {
      const auto& a = d["attributes"];
      out.entries.push_back({str(a, "timestamp"), str(a, "message"), str(a, "level"), str(a, "instance"),
                             str(a, "region"), str(a["meta"]["event"], "provider")});
    }
    out.next_token = str(doc["meta"], "next_token");
    return out;
  }

  /// Every entry, page by page from the start, as flyctl follows next_token.
  static std::vector<Entry> all(const std::string& filters, int* pages = nullptr) {
    std::vector<Entry> out;
    std::string token;
    for (int n = 1; n < 1000; ++n) {
      auto page = get("next_token=" + token + filters);
      EXPECT_EQ(page.status, 200) << page.body;
      EXPECT_LE(page.entries.size(), 100u);
      if (page.entries.empty()) break;
      if (pages) *pages = n;
      out.insert(out.end(), page.entries.begin(), page.entries.end());
      token = page.next_token;
    }
    return out;
  }

  static std::vector<Entry> of(const std::vector<Entry>& entries, const std::string& instance) {
    std::vector<Entry> out;
    for (const auto& e : entries)
      if (e.instance == instance) out.push_back(e);
    return out;
  }

  static bool has_line(const std::vector<Entry>& entries, const std::string& provider, const std::string& text) {
    for (const auto& e : entries)
      if (e.provider == provider && e.message.find(text) != std::string::npos) return true;
    return false;
  }

  static std::unique_ptr<testbed::LocalRegistry> registry_;
  static std::unique_ptr<FlyEmulator> emulator_;
  static core::CurlHttpClient http_;
};

std::unique_ptr<testbed::LocalRegistry> FlyLogsE2E::registry_;
std::unique_ptr<FlyEmulator> FlyLogsE2E::emulator_;
core::CurlHttpClient FlyLogsE2E::http_;

TEST_F(FlyLogsE2E, PagesThroughAMachinesOutputInOrderWithProviders) {
  const std::string id = run_to_exit("chatty", "sin");
  int pages = 0;
  const auto entries = of(all("", &pages), id);
  EXPECT_GE(pages, 2) << "150 lines and the runner's do not fit one page";
  static const std::regex kNs(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$)");
  std::vector<std::string> app;
  size_t last_app = 0, exit_line = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& e = entries[i];
    EXPECT_TRUE(std::regex_match(e.timestamp, kNs)) << e.timestamp;
    if (i > 0) {
      EXPECT_LT(entries[i - 1].timestamp, e.timestamp) << "strictly in time order";
    }
    EXPECT_EQ(e.region, "sin");
    EXPECT_TRUE(e.provider == "app" || e.provider == "runner") << e.provider;
    if (e.provider == "app") {
      app.push_back(e.message);
      last_app = i;
    }
    if (e.provider == "runner" && e.message == "machine exited with exit code 3, not restarting") exit_line = i;
  }
  ASSERT_EQ(app.size(), 151u);
  for (int n = 1; n <= 150; ++n) EXPECT_EQ(app[n - 1], "line " + std::to_string(n));
  EXPECT_EQ(app.back(), "to stderr: cannot open /app/start.sh");
  EXPECT_EQ(entries[last_app].level, "error") << "stderr";
  EXPECT_EQ(entries[last_app - 1].level, "info") << "stdout";
  EXPECT_TRUE(has_line(entries, "runner", "Pulling container image " + image("chatty")));
  EXPECT_TRUE(has_line(entries, "runner", "Preparing to run"));
  EXPECT_GT(exit_line, last_app) << "the exit is told after the app's last line";
  // Nothing new: an empty page that keeps the token.
  auto again = get("next_token=" + get("next_token=&instance=" + id).next_token + "&instance=" + id);
  EXPECT_EQ(again.status, 200);
}

TEST_F(FlyLogsE2E, InstanceAndRegionFiltersPickOneMachine) {
  const std::string sin = run_to_exit("chatty", "sin");
  const std::string iad = run_to_exit("chatty", "iad");
  const auto mine = all("&instance=" + iad);
  ASSERT_FALSE(mine.empty());
  for (const auto& e : mine) EXPECT_EQ(e.instance, iad);
  const auto region = all("&region=iad");
  ASSERT_FALSE(region.empty());
  for (const auto& e : region) EXPECT_EQ(e.region, "iad");
  const auto both = all("");
  EXPECT_FALSE(of(both, sin).empty());
  EXPECT_FALSE(of(both, iad).empty());
}

TEST_F(FlyLogsE2E, LinesArriveAfterTheIngestionDelay) {
  emulator_->admin("POST", "/_admin/behaviour", R"({"rate_limit":false,"logs_ingestion_delay_ms":1500})");
  const std::string id = run_to_exit("chatty", "sin");
  const auto exited = std::chrono::steady_clock::now();
  EXPECT_FALSE(has_line(all("&instance=" + id), "runner", "exit code 3")) << "not ingested yet";
  bool arrived = false;
  while (!arrived && std::chrono::steady_clock::now() - exited < 15s) {
    arrived = has_line(all("&instance=" + id), "runner", "exit code 3");
    if (!arrived) std::this_thread::sleep_for(100ms);  // polling, as flyctl does
  }
  EXPECT_TRUE(arrived);
  EXPECT_GE(std::chrono::steady_clock::now() - exited, 1000ms);
}

TEST_F(FlyLogsE2E, RefusedTokensGet401OnLogsOnly) {
  emulator_->admin("POST", "/_admin/behaviour",
                   std::string(R"({"rate_limit":false,"logs_refused_tokens":[")") + kDeployToken + R"("]})");
  auto refused = get("next_token=", std::string("Bearer ") + kDeployToken);
  EXPECT_EQ(refused.status, 401) << refused.body;
  EXPECT_EQ(refused.body, R"({"error":"unauthorized"})");
  EXPECT_EQ(emulator_->call("GET", std::string("/v1/apps/") + kApp + "/machines", "", kDeployToken).status, 200)
      << "the Machines API still takes it";
  EXPECT_EQ(get("next_token=", "").status, 401) << "no token";
  EXPECT_EQ(get("next_token=", "Bearer wrong").status, 401);
  EXPECT_EQ(get("next_token=", std::string("FlyV1 ") + kToken).status, 200);
  EXPECT_EQ(get("next_token=not-a-token").status, 400);
  auto other_app = emulator_->call("GET", "/api/v1/apps/nope/logs?next_token=");
  EXPECT_EQ(other_app.status, 404);
}

TEST_F(FlyLogsE2E, AnAppThatOutgrowsItsMemoryDiesOutOfMemory) {
  const std::string id = run_to_exit("hungry", "sin", 256);
  auto events = emulator_->call("GET", std::string("/v1/apps/") + kApp + "/machines/" + id + "/events").json();
  bool oom = false;
  for (const auto& e : events.GetArray()) {
    if (str(e, "type") == "exit" && e["request"]["exit_event"]["oom_killed"].IsTrue()) oom = true;
  }
  EXPECT_TRUE(oom) << emulator_->call("GET", std::string("/v1/apps/") + kApp + "/machines/" + id + "/events").body;
  const auto entries = all("&instance=" + id);
  EXPECT_TRUE(has_line(entries, "app", "allocating"));
  EXPECT_TRUE(has_line(entries, "runner", "ran out of memory (guest.memory_mb 256)"));
  std::cerr << "memory enforcement: " << emulator_->admin("GET", "/_admin/info").body << "\n";
}

}  // namespace
}  // namespace flypin::e2e
