#include "fly/client.h"

#include <gtest/gtest.h>

#include "core/json.h"
#include "core/redact.h"
#include "core/retry.h"
#include "fly/authorization.h"
#include "support/doubles/fake_clock.h"
#include "support/doubles/fake_fly_api.h"

namespace flypin::fly {
namespace {

using namespace std::chrono_literals;
using doubles::FakeFlyApi;

struct ClientTest : ::testing::Test {
  FakeFlyApi api;
  doubles::FakeClock clock;
  ClientSettings settings{
      .base_url = "http://127.0.0.1:1/", .token = "secret-token-value", .credential = "FLY_API_TOKEN"};
  Client client{api, clock, settings};

  CreateMachineRequest sample() {
    CreateMachineRequest r;
    r.name = "smoke-1-abcdef";
    r.region = "sin";
    r.image = "127.0.0.1:5000/app:t";
    r.guest = {"performance", 2, 4096};
    r.env = {{"A", "1"}};
    r.metadata = {{"flypin_smoke", "true"}};
    r.check = HttpCheck{.port = 3000, .path = "/healthz"};
    return r;
  }
};

// A keeper (pin-image --keep): skip_launch, no region of its own, no check.
TEST_F(ClientTest, ASkipLaunchCreateWithoutRegionSendsNeither) {
  auto r = sample();
  r.region.clear();
  r.check.reset();
  r.skip_launch = SkipLaunch::kYes;
  ASSERT_TRUE(client.create("app1", r).ok());
  auto doc = core::json::parse(api.seen.at(0).body, "body");
  ASSERT_TRUE(doc.ok());
  EXPECT_FALSE(doc->HasMember("region"));
  EXPECT_TRUE((*doc)["skip_launch"].GetBool());
  EXPECT_FALSE((*doc)["config"].HasMember("checks"));
  ASSERT_TRUE(client.create("app1", sample()).ok());
  auto plain = core::json::parse(api.seen.back().body, "body");
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->HasMember("skip_launch"));
}

TEST_F(ClientTest, CreateSendsExplicitPlacementSizeAndNoRestart) {
  auto m = client.create("app1", sample());
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(m->id, "148ed123456789");
  ASSERT_EQ(api.seen.size(), 1u);
  EXPECT_EQ(api.seen[0].url, "http://127.0.0.1:1/v1/apps/app1/machines");
  EXPECT_EQ(api.seen[0].headers.get("Authorization").value_or(""), "Bearer secret-token-value");
  auto doc = core::json::parse(api.seen[0].body, "body");
  ASSERT_TRUE(doc.ok());
  const auto& d = *doc;
  EXPECT_EQ(std::string(d["region"].GetString()), "sin");
  const auto& cfg = d["config"];
  EXPECT_EQ(std::string(cfg["guest"]["cpu_kind"].GetString()), "performance");
  EXPECT_EQ(cfg["guest"]["cpus"].GetInt(), 2);
  EXPECT_EQ(cfg["guest"]["memory_mb"].GetInt(), 4096);
  EXPECT_EQ(std::string(cfg["restart"]["policy"].GetString()), "no");
  EXPECT_FALSE(cfg["auto_destroy"].GetBool());
  EXPECT_EQ(std::string(cfg["env"]["A"].GetString()), "1");
  EXPECT_EQ(std::string(cfg["metadata"]["flypin_smoke"].GetString()), "true");
  const auto& check = cfg["checks"]["health"];
  EXPECT_EQ(check["port"].GetInt(), 3000);
  EXPECT_EQ(std::string(check["path"].GetString()), "/healthz");
  EXPECT_EQ(std::string(check["interval"].GetString()), "1s");
  EXPECT_FALSE(cfg.HasMember("services"));
}

TEST_F(ClientTest, CreateIsNeverRetriedBlindlyAndA2xxWithoutAUsableIdIsADecodeError) {
  api.queue("POST", 200, "<html>upstream hiccup</html>");
  auto m = client.create("app1", sample());
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, core::ErrorKind::kDecode);
  EXPECT_EQ(m.error().http_status, 200);
  EXPECT_FALSE(api.seen.back().headers.get("Authorization").value_or("").empty());
  api.queue("POST", 200, R"({"id":"../../apps/app1","state":"created"})");
  m = client.create("app1", sample());
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("without a usable machine id"), std::string::npos) << m.error().message;
}

TEST_F(ClientTest, FlyV1TokensAreSentAsTheyAre) {
  settings.token = "FlyV1 fm2_abc,fm2_def";
  Client c(api, clock, settings);
  ASSERT_TRUE(c.get("app1", "m1").ok());
  EXPECT_EQ(api.seen[0].headers.get("Authorization").value_or(""), "FlyV1 fm2_abc,fm2_def");
}

// One rule for every Fly API (fly/authorization.h): a bare macaroon is FlyV1, as the logs API gets it.
TEST_F(ClientTest, TheAuthorizationIsFlyGosRule) {
  settings.token = "fm2_bare";
  Client c(api, clock, settings);
  ASSERT_TRUE(c.get("app1", "m1").ok());
  EXPECT_EQ(api.seen[0].headers.get("Authorization").value_or(""), authorization_header("fm2_bare"));
  EXPECT_EQ(api.seen[0].headers.get("Authorization").value_or(""), "FlyV1 fm2_bare");
}

TEST_F(ClientTest, ErrorBodyIsSurfacedAndCapacityExplained) {
  api.queue("POST", 412, R"({"error":"insufficient_capacity","status":"insufficient_capacity"})");
  auto m = client.create("app1", sample());
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().http_status, 412);
  EXPECT_NE(m.error().message.find("insufficient_capacity"), std::string::npos);
  EXPECT_NE(m.error().message.find("no free capacity"), std::string::npos);
  EXPECT_EQ(m.error().api, "Fly Machines API");
}

TEST_F(ClientTest, UnauthorisedNamesTheCredentialNotItsValue) {
  core::register_secret(settings.token);
  api.queue("GET", 401, R"({"error":"unauthorized"})");
  auto m = client.get("app1", "m1");
  ASSERT_FALSE(m.ok());
  const auto text = m.error().describe();
  EXPECT_NE(text.find("FLY_API_TOKEN"), std::string::npos);
  EXPECT_NE(text.find("401"), std::string::npos);
  EXPECT_EQ(text.find("secret-token-value"), std::string::npos);
}

TEST_F(ClientTest, WaitLoopsOn408UntilTheState) {
  api.state = "starting";
  int between_calls = 0;
  WaitOptions w;
  w.deadline = clock.now() + 300s;
  w.per_call = 2s;
  w.between = [&]() -> core::Status {
    if (++between_calls == 3) api.state = "started";
    return core::ok_status();
  };
  ASSERT_TRUE(client.wait("app1", "m1", w).ok());
  EXPECT_EQ(between_calls, 3);
  EXPECT_EQ(api.count("GET", "/wait?state=started&timeout=2"), 4);
}

TEST_F(ClientTest, WaitCapsEachCallAt60Seconds) {
  api.state = "started";
  WaitOptions w;
  w.deadline = clock.now() + 600s;
  ASSERT_TRUE(client.wait("app1", "m1", w).ok());
  EXPECT_EQ(api.count("GET", "timeout=60"), 1);
}

TEST_F(ClientTest, WaitGivesUpAtTheDeadline) {
  api.state = "starting";
  WaitOptions w;
  w.deadline = clock.now() + 5s;
  w.per_call = 2s;
  w.between = [&]() -> core::Status {
    clock.sleep_for(2s);  // the server blocked for the whole call
    return core::ok_status();
  };
  auto st = client.wait("app1", "m1", w);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, core::ErrorKind::kTimeout);
}

TEST_F(ClientTest, WaitBacksOffOnRateLimit) {
  api.state = "started";
  api.queue("/wait", 429, R"({"error":"rate limit exceeded"})");
  core::RetryingHttpClient retrying(api, clock);
  Client c(retrying, clock, settings);
  WaitOptions w;
  w.deadline = clock.now() + 60s;
  ASSERT_TRUE(c.wait("app1", "m1", w).ok());
  EXPECT_GE(clock.slept(), 1000ms);
}

TEST_F(ClientTest, WaitHonoursRetryAfter) {
  struct Throttled : core::HttpClient {
    FakeFlyApi& api;
    explicit Throttled(FakeFlyApi& a) : api(a) {}
    core::Result<core::HttpResponse> send(const core::HttpRequest& r) override {
      if (api.count("GET", "/wait") == 0) {
        api.seen.push_back({r.method, r.url, r.body, r.headers});
        return core::HttpResponse{429, {{"Retry-After", "5"}}, R"({"error":"rate limit exceeded"})"};
      }
      return api.send(r);
    }
  } throttled(api);
  api.state = "started";
  core::RetryingHttpClient retrying(throttled, clock);
  Client c(retrying, clock, settings);
  WaitOptions w;
  w.deadline = clock.now() + 60s;
  ASSERT_TRUE(c.wait("app1", "m1", w).ok());
  EXPECT_GE(clock.slept(), 5s);
}

TEST_F(ClientTest, NotFoundWhileWaitingForDestroyedIsDone) {
  api.queue("/wait", 404, R"({"error":"machine not found"})");
  WaitOptions w;
  w.state = DesiredState::kDestroyed;
  w.deadline = clock.now() + 60s;
  EXPECT_TRUE(client.wait("app1", "m1", w).ok());
}

TEST_F(ClientTest, DestroyForcesAndTreatsGoneAsDone) {
  ASSERT_TRUE(client.destroy("app1", "m1").ok());
  EXPECT_EQ(api.count("DELETE", "/v1/apps/app1/machines/m1?force=true"), 1);
  api.queue("DELETE", 404, R"({"error":"machine not found"})");
  EXPECT_TRUE(client.destroy("app1", "m1").ok());
}

TEST_F(ClientTest, ListFiltersByMetadataOnTheServerAndLocally) {
  api.state = "started";
  auto all = client.list("app1", {{"flypin_smoke", "true"}}, IncludeDeleted::kNo);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);
  EXPECT_EQ(api.count("GET", "include_deleted=false&metadata.flypin_smoke=true"), 1);
  auto none = client.list("app1", {{"flypin_run", "9/1"}}, IncludeDeleted::kNo);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(MachineJson, ParsesChecksEventsAndExitDetails) {
  auto m = parse_machine_json(R"({"id":"m1","state":"stopped","region":"sin",
    "config":{"guest":{"cpu_kind":"shared","cpus":1,"memory_mb":256}},
    "checks":[{"name":"health","status":"critical","output":"connect: connection refused"}],
    "events":[{"type":"exit","status":"stopped","timestamp":2,"request":{"exit_event":{"exit_code":127,"oom_killed":true}}},
              {"type":"launch","status":"created","timestamp":1}]})");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->config.guest.memory_mb, 256);
  ASSERT_EQ(m->checks.size(), 1u);
  EXPECT_EQ(m->checks[0].output, "connect: connection refused");
  auto exit = last_exit_event(m->events);
  ASSERT_TRUE(exit.has_value());
  EXPECT_EQ(exit->exit->exit_code, 127);
  EXPECT_TRUE(exit->exit->oom_killed);
  EXPECT_EQ(exit->describe(), "exit: stopped (exit code 127, killed: out of memory)");
}

TEST(MachineJson, PullFailureIsAFailedEventWithTheError) {
  auto events = parse_events_json(
      R"([{"type":"launch","status":"failed","request":{"error":"failed to pull image 127.0.0.1:5000/x:nope: not found"}}])");
  ASSERT_TRUE(events.ok());
  auto failed = first_failed_event(*events);
  ASSERT_TRUE(failed.has_value());
  EXPECT_NE(failed->error.find("failed to pull image"), std::string::npos);
}

}  // namespace
}  // namespace flypin::fly
