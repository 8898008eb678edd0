// flypin-fly-emulator end to end: real registry, real images, real processes.
#include "support/launchers/fly_emulator.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <ctime>
#include <filesystem>
#include <set>
#include <thread>

#include "core/process.h"

namespace flypin::e2e {
namespace {

using namespace std::chrono_literals;
using Emulator = FlyEmulator;
using Images = FlyTestImages;
using Reply = FlyReply;

constexpr const char* kToken = "emulator-test-token";
constexpr const char* kApp = "smoke-app";

// Two tokens and two apps; tests opt into rate limiting explicitly.
e2e::FlyEmulatorOptions suite_options() {
  return {.tokens = {kToken, "second-token"}, .apps = {kApp, "other-app"}, .rate_limit = e2e::FlyRateLimit::kOff};
}

const std::string kMachines = std::string("/v1/apps/") + kApp + "/machines";

std::string healthy_config(const std::string& image) {
  return R"({"image":")" + image +
         R"(","guest":{"cpu_kind":"shared","cpus":1,"memory_mb":256},"restart":{"policy":"no"},)"
         R"("metadata":{"flypin_smoke":"true"},)"
         R"("checks":{"health":{"type":"http","port":8080,"path":"/health","interval":"500ms","timeout":"2s"}}})";
}

std::string str(const rapidjson::Value& v, const char* key) {
  return v.IsObject() && v.HasMember(key) && v[key].IsString() ? v[key].GetString() : "";
}

// The machine's own first check: flaps adds bg_deployments_compat ones, which fly-go strips (FIDELITY C4).
const rapidjson::Value* own_check(const rapidjson::Document& m) {
  if (!m.HasMember("checks") || !m["checks"].IsArray()) return nullptr;
  for (const auto& c : m["checks"].GetArray())
    if (str(c, "name").rfind("bg_deployments_compat", 0) != 0) return &c;
  return nullptr;
}

std::string check_status(const rapidjson::Document& m) {
  const auto* c = own_check(m);
  return c ? str(*c, "status") : "";
}

/// Unix milliseconds of "2026-11-23T13:04:05.123Z"; -1 without the milliseconds.
long long rfc3339_ms(const std::string& text) {
  std::tm tm{};
  int ms = -1;
  if (std::sscanf(text.c_str(), "%d-%d-%dT%d:%d:%d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                  &tm.tm_sec, &ms) != 7)
    return -1;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<long long>(timegm(&tm)) * 1000 + ms;
}

class FlyEmulatorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    images_ = e2e::push_fly_test_images({"healthy", "missing-entrypoint", "needs-env", "wrong-port"});
    emulator_ = std::make_unique<Emulator>(*images_->registry, suite_options());
  }
  static void TearDownTestSuite() {
    emulator_.reset();
    images_.reset();
  }
  void SetUp() override { emu().admin("POST", "/_admin/behaviour", R"({"rate_limit":false})"); }
  void TearDown() override {
    if (HasFailure()) std::cerr << "emulator log:\n" << emu().log() << "\n";
  }
  static Emulator& emu() { return *emulator_; }
  static Images& imgs() { return *images_; }

  static std::unique_ptr<Images> images_;
  static std::unique_ptr<Emulator> emulator_;
};

std::unique_ptr<Images> FlyEmulatorTest::images_;
std::unique_ptr<Emulator> FlyEmulatorTest::emulator_;

TEST_F(FlyEmulatorTest, HealthyMachineLifecycle) {
  auto created =
      emu().call("POST", kMachines,
                 R"({"name":"lifecycle","region":"sin","config":)" + healthy_config(imgs().ref("healthy")) + "}");
  ASSERT_EQ(created.status, 200) << created.body;
  auto doc = created.json();
  std::string id = str(doc, "id");
  EXPECT_EQ(id.size(), 14u);
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(str(doc, "state"), "created");
  EXPECT_EQ(str(doc, "region"), "sin");
  EXPECT_EQ(doc["config"]["guest"]["memory_mb"].GetInt(), 256);
  EXPECT_FALSE(str(doc, "instance_id").empty());

  auto clash = emu().call("POST", kMachines, R"({"name":"lifecycle","config":{"image":"x/y:z"}})");
  EXPECT_EQ(clash.status, 409) << clash.body;

  auto waited = emu().call("GET", kMachines + "/" + id + "/wait?state=started&timeout=30");
  ASSERT_EQ(waited.status, 200) << waited.body;

  std::string last;
  ASSERT_TRUE(emu().poll(
      id, [](const auto& m) { return check_status(m) == "passing"; }, 15s, &last))
      << last;
  auto machine = emu().call("GET", kMachines + "/" + id).json();
  EXPECT_EQ(str(machine, "state"), "started");
  EXPECT_EQ(str(machine["image_ref"], "digest"), imgs().digests.at("healthy"));
  EXPECT_EQ(str(machine["image_ref"], "tag"), "deployment-test");
  EXPECT_EQ(str(*own_check(machine), "output"), "ok");
  ASSERT_TRUE(machine["events"].IsArray());
  EXPECT_EQ(str(machine["events"][0], "type"), "start");  // most recent first

  auto proxied = emu().proxy("/health", id);
  EXPECT_EQ(proxied.status, 200);
  EXPECT_EQ(proxied.body, "ok");

  auto refused = emu().call("DELETE", kMachines + "/" + id);
  EXPECT_EQ(refused.status, 412) << refused.body;
  EXPECT_NE(refused.body.find("machine still active, refusing to delete"), std::string::npos);

  ASSERT_EQ(emu().call("DELETE", kMachines + "/" + id + "?force=true").status, 200);
  auto gone = emu().call("GET", kMachines + "/" + id + "/wait?state=destroyed&timeout=20");
  EXPECT_EQ(gone.status, 200) << gone.body;
  EXPECT_EQ(str(emu().call("GET", kMachines + "/" + id).json(), "state"), "destroyed");
  EXPECT_FALSE(std::filesystem::exists(emu().work_dir() + "/work/machines/" + id + "/rootfs"));
  EXPECT_EQ(emu().call("GET", kMachines).body.find(id), std::string::npos);
  EXPECT_NE(emu().call("GET", kMachines + "?include_deleted=true").body.find(id), std::string::npos);
  auto events = emu().call("GET", kMachines + "/" + id + "/events").json();
  ASSERT_TRUE(events.IsArray());
  EXPECT_EQ(str(events[0], "type"), "destroy");

  emu().admin("POST", "/_admin/behaviour", R"({"rate_limit":false,"destroyed_retention_ms":0})");
  auto after = emu().call("GET", kMachines + "/" + id);
  EXPECT_EQ(after.status, 404);
  EXPECT_EQ(after.body, R"({"error":"machine not found"})");
}

TEST_F(FlyEmulatorTest, MissingEntrypointExitsWithAnExitEvent) {
  std::string id = emu().create(R"({"image":")" + imgs().ref("missing-entrypoint") + R"(","restart":{"policy":"no"}})");
  std::string last;
  ASSERT_TRUE(emu().poll(
      id, [](const auto& m) { return str(m, "state") == "stopped"; }, 20s, &last))
      << last;
  auto events = emu().call("GET", kMachines + "/" + id + "/events").json();
  ASSERT_TRUE(events.IsArray() && !events.Empty());
  EXPECT_EQ(str(events[0], "type"), "exit");
  EXPECT_EQ(str(events[0], "status"), "stopped");
  const auto& exit = events[0]["request"]["exit_event"];
  EXPECT_NE(exit["exit_code"].GetInt(), 0);
  EXPECT_FALSE(exit["oom_killed"].GetBool());
  EXPECT_FALSE(exit["requested_stop"].GetBool());
  EXPECT_NE(emu().admin("GET", "/_admin/machines/" + id + "/log").body.find("/app/server"), std::string::npos);
  EXPECT_EQ(emu().call("DELETE", kMachines + "/" + id).status, 200);  // stopped: no force needed
}

// What flyctl and fly-admin send and read (tests/emulators/realclients runs fly-admin itself).
TEST_F(FlyEmulatorTest, KillDeletesLikeForceSummaryListsLessStartNamesThePreviousState) {
  const std::string id = emu().create(R"({"image":")" + imgs().ref("healthy") + R"(","restart":{"policy":"no"}})");
  ASSERT_EQ(emu().call("GET", kMachines + "/" + id + "/wait?state=started&timeout=30").status, 200);

  auto summary = emu().call("GET", kMachines + "?summary=true").json();
  ASSERT_TRUE(summary.IsArray() && summary.Size() >= 1);
  for (const auto& m : summary.GetArray()) {
    EXPECT_FALSE(str(m, "state").empty());
    EXPECT_FALSE(m.HasMember("config") || m.HasMember("checks") || m.HasMember("events"));
  }
  EXPECT_TRUE(emu().call("GET", kMachines + "?summary=false").json()[0].HasMember("config"));

  auto again = emu().call("POST", kMachines + "/" + id + "/start");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(again.body, R"({"previous_state":"started"})");
  ASSERT_EQ(emu().call("POST", kMachines + "/" + id + "/stop").status, 200);
  ASSERT_EQ(emu().call("GET", kMachines + "/" + id + "/wait?state=stopped&timeout=30").status, 200);
  EXPECT_EQ(emu().call("POST", kMachines + "/" + id + "/start").body, R"({"previous_state":"stopped"})");
  ASSERT_EQ(emu().call("GET", kMachines + "/" + id + "/wait?state=started&timeout=30").status, 200);

  EXPECT_EQ(emu().call("DELETE", kMachines + "/" + id + "?kill=false").status, 412);
  auto killed = emu().call("DELETE", kMachines + "/" + id + "?kill=true");
  EXPECT_EQ(killed.status, 200) << killed.body;
  EXPECT_EQ(killed.body, R"({"ok":true})");
  EXPECT_EQ(emu().call("GET", kMachines + "/" + id + "/wait?state=destroyed&timeout=20").status, 200);
}

TEST_F(FlyEmulatorTest, MissingTagFailsTheLaunchWithAPullError) {
  std::string id = emu().create(R"({"image":")" + imgs().registry->host() +
                                R"(/flypin-test/healthy:no-such-tag","restart":{"policy":"no"}})");
  std::string last;
  ASSERT_TRUE(emu().poll(
      id, [](const auto& m) { return str(m, "state") == "failed"; }, 20s, &last))
      << last;
  auto events = emu().call("GET", kMachines + "/" + id + "/events").json();
  ASSERT_TRUE(events.IsArray() && !events.Empty());
  EXPECT_EQ(str(events[0], "type"), "launch");
  EXPECT_EQ(str(events[0], "status"), "failed");
  std::string error = str(events[0]["request"], "error");
  EXPECT_NE(error.find("failed to pull image"), std::string::npos) << error;
  EXPECT_NE(error.find("no-such-tag"), std::string::npos) << error;
  EXPECT_EQ(error.find(imgs().registry->password()), std::string::npos);
}

TEST_F(FlyEmulatorTest, NeedsEnvCrashesWithoutItAndServesWithIt) {
  std::string bad = emu().create(R"({"image":")" + imgs().ref("needs-env") + R"(","restart":{"policy":"no"}})");
  std::string good = emu().create(R"({"image":")" + imgs().ref("needs-env") +
                                  R"(","restart":{"policy":"no"},"env":{"REQUIRED_SECRET":"s3"},)"
                                  R"("checks":{"h":{"type":"http","port":8080,"path":"/health","interval":"500ms"}}})");
  std::string last;
  ASSERT_TRUE(emu().poll(
      bad, [](const auto& m) { return str(m, "state") == "stopped"; }, 20s, &last))
      << last;
  EXPECT_NE(emu().admin("GET", "/_admin/machines/" + bad + "/log").body.find("REQUIRED_SECRET is not set"),
            std::string::npos);
  ASSERT_TRUE(emu().poll(
      good, [](const auto& m) { return check_status(m) == "passing"; }, 20s, &last))
      << last;
  emu().call("DELETE", kMachines + "/" + good + "?force=true");
}

// The fixed ticker itself is check_schedule_test's: a result's updated_at only moves when its status does (C2).
TEST_F(FlyEmulatorTest, ChecksWaitTheGracePeriodAndStampOnlyStatusChanges) {
  const std::string id = emu().create(
      R"({"image":")" + imgs().ref("healthy") +
      R"(","restart":{"policy":"no"},)"
      R"("checks":{"health":{"type":"http","port":8080,"path":"/health","interval":"130ms","grace_period":"600ms"}}})");
  ASSERT_EQ(emu().call("GET", kMachines + "/" + id + "/wait?state=started&timeout=30").status, 200);
  std::set<long long> stamps;  // every passing result's updated_at
  const auto until = std::chrono::steady_clock::now() + 2500ms;
  while (std::chrono::steady_clock::now() < until) {
    auto m = emu().call("GET", kMachines + "/" + id).json();
    if (check_status(m) == "passing") {
      const std::string text = str(*own_check(m), "updated_at");
      const long long at = rfc3339_ms(text);
      ASSERT_GE(at, 0) << "check updated_at without milliseconds: " << text;
      stamps.insert(at);
    }
    std::this_thread::sleep_for(20ms);
  }
  long long started = -1;
  const auto events = emu().call("GET", kMachines + "/" + id + "/events").json();
  for (const auto& e : events.GetArray()) {
    if (str(e, "type") == "start") started = e["timestamp"].GetInt64();
  }
  ASSERT_GE(started, 0);
  ASSERT_EQ(stamps.size(), 1u) << "about 14 runs, all passing: one status change";
  const long long first = *stamps.begin();
  EXPECT_GE(first - started, 600) << "a check ran inside the grace period";
  EXPECT_LT(first - started, 700);
  emu().call("DELETE", kMachines + "/" + id + "?force=true");
}

TEST_F(FlyEmulatorTest, WrongPortKeepsRunningWithACriticalCheck) {
  std::string id =
      emu().create(R"({"image":")" + imgs().ref("wrong-port") +
                   R"(","restart":{"policy":"no"},)"
                   R"("checks":{"health":{"type":"http","port":8080,"path":"/health","interval":"300ms"}}})");
  std::string last;
  ASSERT_TRUE(emu().poll(
      id, [](const auto& m) { return check_status(m) == "critical"; }, 15s, &last))
      << last;
  auto m = emu().call("GET", kMachines + "/" + id).json();
  EXPECT_EQ(str(m, "state"), "started");
  EXPECT_NE(str(*own_check(m), "output").find("connect: connection refused"), std::string::npos) << last;
  EXPECT_EQ(emu().call("DELETE", kMachines + "/" + id + "?force=true").status, 200);
}

TEST_F(FlyEmulatorTest, RestartKeepsEnvAndComesBackHealthy) {
  std::string id = emu().create(R"({"image":")" + imgs().ref("needs-env") +
                                R"(","restart":{"policy":"no"},"env":{"REQUIRED_SECRET":"s3"},)"
                                R"("checks":{"h":{"type":"http","port":8080,"path":"/health","interval":"300ms"}}})");
  std::string last;
  ASSERT_TRUE(emu().poll(
      id, [](const auto& m) { return check_status(m) == "passing"; }, 20s, &last))
      << last;
  std::string instance = str(emu().call("GET", kMachines + "/" + id).json(), "instance_id");
  ASSERT_EQ(emu().call("POST", kMachines + "/" + id + "/restart").status, 200);
  auto waited = emu().call("GET", kMachines + "/" + id + "/wait?state=started&timeout=30&instance_id=" + instance);
  ASSERT_EQ(waited.status, 200) << waited.body;
  auto events = emu().call("GET", kMachines + "/" + id + "/events").json();
  EXPECT_EQ(str(events[0], "type"), "start");
  EXPECT_EQ(str(events[1], "type"), "exit");
  EXPECT_TRUE(events[1]["request"]["exit_event"]["requested_stop"].GetBool());
  EXPECT_TRUE(events[1]["request"]["exit_event"]["restarting"].GetBool());
  Reply r;
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while ((r = emu().proxy("/health", id)).status != 200 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(emu().call("DELETE", kMachines + "/" + id + "?force=true").status, 200);
}

TEST_F(FlyEmulatorTest, WaitValidatesTimeoutAndTimesOutLikeFly) {
  std::string id = emu().create(R"({"image":"example.invalid/none:tag"})", R"(,"skip_launch":true)");
  auto too_long = emu().call("GET", kMachines + "/" + id + "/wait?state=started&timeout=61");
  EXPECT_EQ(too_long.status, 400);
  EXPECT_NE(too_long.body.find("invalid_argument: timeout 61 is outside [1s, 1m0s]"), std::string::npos)
      << too_long.body;
  auto start = std::chrono::steady_clock::now();
  auto timed_out = emu().call("GET", kMachines + "/" + id + "/wait?state=started&timeout=1");
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
  EXPECT_EQ(timed_out.status, 408);
  EXPECT_EQ(timed_out.body,
            R"({"error":"deadline_exceeded: machine failed to reach desired state, started, currently created"})");
  EXPECT_EQ(emu().call("GET", kMachines + "/ffffffffffffff/wait?state=started").status, 404);
}

TEST_F(FlyEmulatorTest, RejectsBadRequestsTokensAndApps) {
  auto no_image = emu().call("POST", kMachines, R"({"region":"sin","config":{"guest":{"cpus":1}}})");
  EXPECT_EQ(no_image.status, 400);
  EXPECT_NE(no_image.body.find("config.image"), std::string::npos);
  EXPECT_EQ(emu().call("POST", kMachines, R"({"config":{"image":"a/b:c","guest":{"cpus":"two"}}})").status, 400);
  EXPECT_EQ(emu().call("POST", kMachines, "not json").status, 400);
  auto unauthorized = emu().call("GET", kMachines, "", "wrong-token");
  EXPECT_EQ(unauthorized.status, 401);
  EXPECT_EQ(unauthorized.body, R"({"error":"unauthorized"})");
  EXPECT_EQ(emu().call("GET", kMachines, "", "second-token").status, 200);
  auto no_app = emu().call("GET", "/v1/apps/no-such-app/machines");
  EXPECT_EQ(no_app.status, 404);
  EXPECT_EQ(no_app.body, R"({"error":"app not found"})");
}

TEST_F(FlyEmulatorTest, RateLimitsPerMachineAndAction) {
  emu().admin("POST", "/_admin/behaviour", R"({"rate_limit":true})");
  std::vector<int> statuses;
  for (int i = 0; i < 5; ++i) statuses.push_back(emu().call("POST", kMachines + "/ffffffffffffff/stop").status);
  EXPECT_EQ(statuses[0], 404);
  EXPECT_EQ(statuses.back(), 429);
  auto limited = emu().call("POST", kMachines + "/ffffffffffffff/stop");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.body, R"({"error":"rate limit exceeded"})");
  EXPECT_EQ(limited.headers.count("Retry-After"), 0u) << "no document promises one (FIDELITY R2)";
  // Another action and another machine have their own buckets; another token does not.
  EXPECT_EQ(emu().call("GET", kMachines + "/ffffffffffffff").status, 404);
  EXPECT_EQ(emu().call("POST", kMachines + "/eeeeeeeeeeeeee/stop").status, 404);
  EXPECT_EQ(emu().call("POST", kMachines + "/ffffffffffffff/stop", "", "second-token").status, 429);
}

TEST_F(FlyEmulatorTest, TwoMachinesServeOnPort8080AndTheProxyRoutesByInstance) {
  std::string config = R"({"image":")" + imgs().ref("healthy") +
                       R"(","restart":{"policy":"no"},"services":[{"internal_port":8080,"protocol":"tcp"}]})";
  std::string a = emu().create(config);
  std::string b = emu().create(config);
  for (const auto& id : {a, b}) {
    auto w = emu().call("GET", kMachines + "/" + id + "/wait?state=started&timeout=30");
    ASSERT_EQ(w.status, 200) << w.body;
  }
  auto info = emu().admin("GET", "/_admin/info").json();
  if (!info["netns"].GetBool()) GTEST_SKIP() << "network namespaces unavailable here";
  // Both listen on :8080, each in its own namespace; retry while httpd binds.
  for (const auto& id : {a, b}) {
    Reply r;
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while ((r = emu().proxy("/health", id)).status != 200 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(100ms);
    EXPECT_EQ(r.status, 200) << id << ": " << r.body;
    EXPECT_EQ(emu().call("GET", kMachines + "/" + id).json()["state"].GetString(), std::string("started"));
  }
  emu().call("POST", kMachines + "/" + a + "/stop");
  ASSERT_EQ(emu().call("GET", kMachines + "/" + a + "/wait?state=stopped&timeout=20").status, 200);
  auto stopped = emu().proxy("/health", a);
  EXPECT_EQ(stopped.status, 503);
  EXPECT_EQ(emu().proxy("/health", "00000000000000").status, 503);
  EXPECT_EQ(emu().proxy("/health", b).status, 200);
  emu().call("DELETE", kMachines + "/" + a + "?force=true");
  emu().call("DELETE", kMachines + "/" + b + "?force=true");
}

TEST_F(FlyEmulatorTest, AdminFaultsApplyToTheNextMatchingRequests) {
  emu().admin(
      "POST", "/_admin/faults",
      R"({"path_prefix":")" + kMachines + R"(","method":"GET","status":503,"count":2,"body":"{\"error\":\"busy\"}"})");
  auto first = emu().call("GET", kMachines);
  EXPECT_EQ(first.status, 503);
  EXPECT_EQ(first.body, R"({"error":"busy"})");
  EXPECT_EQ(emu().call("POST", kMachines + "/ffffffffffffff/stop").status, 404);  // other method: untouched
  EXPECT_EQ(emu().call("GET", kMachines).status, 503);
  EXPECT_EQ(emu().call("GET", kMachines).status, 200);

  emu().admin("POST", "/_admin/faults", R"({"path_prefix":")" + kMachines + R"(","drop_connection":true})");
  auto dropped = emu().call("GET", kMachines);
  EXPECT_NE(dropped.status, 200);
  EXPECT_EQ(emu().call("GET", kMachines).status, 200);

  auto seen = emu().admin("GET", "/_admin/requests").body;
  EXPECT_NE(seen.find(R"("method":"GET","path":")" + kMachines + R"(","status":503)"), std::string::npos) << seen;
}

TEST_F(FlyEmulatorTest, BehaviourForcesRegionGuestAndDigest) {
  emu().admin("POST", "/_admin/behaviour",
              R"({"rate_limit":false,"force_region":"sjc","force_guest":{"cpus":2},"force_digest":"sha256:0000"})");
  std::string id =
      emu().create(R"({"image":")" + imgs().ref("healthy") +
                   R"(","guest":{"cpu_kind":"shared","cpus":1,"memory_mb":256},"restart":{"policy":"no"}})");
  ASSERT_EQ(emu().call("GET", kMachines + "/" + id + "/wait?state=started&timeout=30").status, 200);
  auto m = emu().call("GET", kMachines + "/" + id).json();
  EXPECT_EQ(str(m, "region"), "sjc");
  EXPECT_EQ(m["config"]["guest"]["cpus"].GetInt(), 2);
  EXPECT_EQ(str(m["image_ref"], "digest"), "sha256:0000");
  emu().admin("POST", "/_admin/behaviour", "{}");
  EXPECT_EQ(emu().call("DELETE", kMachines + "/" + id + "?force=true").status, 200);
}

TEST_F(FlyEmulatorTest, SigtermStopsMachinesAndRemovesRootfs) {
  Emulator own(*imgs().registry, suite_options());
  std::string id = own.create(R"({"image":")" + imgs().ref("healthy") + R"(","restart":{"policy":"no"}})");
  ASSERT_EQ(own.call("GET", kMachines + "/" + id + "/wait?state=started&timeout=30").status, 200);
  std::string rootfs = own.work_dir() + "/work/machines/" + id + "/rootfs";
  ASSERT_TRUE(std::filesystem::exists(rootfs));
  std::string pid_text = own.admin("GET", "/_admin/machines").json()[0]["pid"].IsInt()
                             ? std::to_string(own.admin("GET", "/_admin/machines").json()[0]["pid"].GetInt())
                             : "0";
  int pid = std::stoi(pid_text);
  ASSERT_GT(pid, 0);
  ::kill(own.process().pid(), SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (own.process().running() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(own.process().running());
  EXPECT_FALSE(std::filesystem::exists(rootfs));
  EXPECT_NE(::kill(pid, 0), 0) << "machine process " << pid << " still alive";
}

TEST(FlyEmulatorFlags, ListensOnLoopbackOnlyAndSaysSoInOneLine) {
  core::SystemProcessRunner runner;
  for (const char* listen : {"0.0.0.0:0", "192.0.2.1:8080", "127.0.0.1:99999", "8080"}) {
    auto run = runner.run({.argv = {std::string(FLYPIN_BIN_DIR) + "/flypin-fly-emulator", "--listen", listen, "--token",
                                    "t", "--app", "a", "--work-dir", "/nonexistent/never-made"}});
    ASSERT_TRUE(run.ok());
    EXPECT_EQ(run->exit_code, 2) << listen;
    EXPECT_EQ(run->stderr_data,
              "flypin-fly-emulator: --listen and --proxy-listen must be 127.0.0.1:PORT or localhost:PORT\n")
        << listen;
    EXPECT_EQ(run->stdout_data, "") << "nothing listened";
  }
}

}  // namespace
}  // namespace flypin::e2e
