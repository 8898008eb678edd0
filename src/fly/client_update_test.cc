// Updates, leases and summary lists of the Machines API client.
#include <gtest/gtest.h>

#include "core/json.h"
#include "fly/client.h"
#include "support/doubles/fake_clock.h"
#include "support/doubles/scripted_http_client.h"

namespace flypin::fly {
namespace {

using namespace std::chrono_literals;

struct ClientUpdateTest : ::testing::Test {
  doubles::ScriptedHttpClient http;
  doubles::FakeClock clock;
  Client client{http, clock, {.base_url = "http://127.0.0.1:1", .token = "tok-abc", .credential = "FLY_API_TOKEN"}};
};

TEST_F(ClientUpdateTest, SummaryListAsksForSummary) {
  http.reply(200, R"([{"id":"148ed123456789","state":"stopped","region":"sin","instance_id":"v1",)"
                  R"("image_ref":{"repository":"team/app","digest":"sha256:ab"}}])");
  auto list = client.list("app1", {}, IncludeDeleted::kNo, ListDetail::kSummary);
  ASSERT_TRUE(list.ok()) << list.error().describe();
  EXPECT_EQ(http.line(0), "GET http://127.0.0.1:1/v1/apps/app1/machines?include_deleted=false&summary=true");
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].image_ref.digest, "sha256:ab");
  EXPECT_TRUE((*list)[0].config_json.empty());
}

TEST_F(ClientUpdateTest, UpdateSendsTheConfigSkipLaunchVersionAndNonce) {
  http.reply(200, R"({"id":"148ed123456789","state":"stopped","instance_id":"v2","config":{"image":"x"}})");
  auto m = client.update("app1", "148ed123456789",
                         {.config_json = R"({"image":"new","env":{"A":"1"}})",
                          .skip_launch = SkipLaunch::kYes,
                          .current_version = "v1",
                          .lease_nonce = "n-1"});
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(m->instance_id, "v2");
  const auto& req = http.requests.at(0);
  EXPECT_EQ(http.line(0), "POST http://127.0.0.1:1/v1/apps/app1/machines/148ed123456789");
  EXPECT_EQ(req.headers.get("fly-machine-lease-nonce").value_or(""), "n-1");
  auto body = core::json::parse(req.body, "body");
  ASSERT_TRUE(body.ok());
  EXPECT_STREQ((*body)["config"]["env"]["A"].GetString(), "1");
  EXPECT_TRUE((*body)["skip_launch"].GetBool());
  EXPECT_STREQ((*body)["current_version"].GetString(), "v1");
  ASSERT_TRUE(req.retry);
  EXPECT_EQ(req.retry->transport, core::TransportRetry::kAnswer) << "a lost answer is the caller's to read back";
  EXPECT_TRUE(req.retry->retry_status(429));
  EXPECT_FALSE(req.retry->retry_status(502));
}

TEST_F(ClientUpdateTest, UpdateConflictsKeepTheirStatus) {
  http.reply(412, R"({"error":"failed_precondition: current_version v1 is not the machine's version v2"})");
  auto m = client.update("app1", "148ed123456789", {.config_json = "{}", .current_version = "v1"});
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().http_status, 412);
  EXPECT_EQ(m.error().describe().find("tok-abc"), std::string::npos);
}

TEST_F(ClientUpdateTest, LeaseAcquireAndRelease) {
  http.reply(201, R"({"status":"success","data":{"nonce":"n-9","expires_at":1700000000,"owner":"me"}})");
  auto lease = client.acquire_lease("app1", "148ed123456789", 60s, "roll-machines");
  ASSERT_TRUE(lease.ok()) << lease.error().describe();
  EXPECT_EQ(lease->nonce, "n-9");
  EXPECT_EQ(http.line(0), "POST http://127.0.0.1:1/v1/apps/app1/machines/148ed123456789/lease?ttl=60");
  EXPECT_NE(http.requests[0].body.find("\"ttl\":60"), std::string::npos);
  http.reply(201, R"({"status":"success","data":{"nonce":"n-9","expires_at":1700000300,"owner":"me"}})");
  auto refreshed = client.refresh_lease("app1", "148ed123456789", "n-9", 300s);
  ASSERT_TRUE(refreshed.ok()) << refreshed.error().describe();
  EXPECT_EQ(refreshed->expires_at, 1700000300);
  EXPECT_EQ(http.requests[1].headers.get("fly-machine-lease-nonce").value_or(""), "n-9");
  http.reply(201, R"({"status":"success","data":{"nonce":"n-other","expires_at":1700000300}})");
  EXPECT_FALSE(client.refresh_lease("app1", "148ed123456789", "n-9", 300s).ok()) << "the lease was lost meanwhile";
  http.reply(200, R"({"ok":true})");
  ASSERT_TRUE(client.release_lease("app1", "148ed123456789", "n-9").ok());
  EXPECT_EQ(http.line(3), "DELETE http://127.0.0.1:1/v1/apps/app1/machines/148ed123456789/lease");
  EXPECT_EQ(http.requests[3].headers.get("fly-machine-lease-nonce").value_or(""), "n-9");
}

TEST_F(ClientUpdateTest, LeaseHeldByAnotherIsA409WithTheRealReason) {
  // The lease endpoint's own envelope (FIDELITY E2): its reason is in "message", its code in "code".
  http.reply(409, R"({"status":"error","message":"machine ID 148ed123456789 lease currently held by )"
                  R"(hello@fly.io, expires at 2022-10-20 19:59:06 +0000 UTC","code":"invalid"})");
  auto lease = client.acquire_lease("app1", "148ed123456789", 60s, "roll-machines");
  ASSERT_FALSE(lease.ok());
  EXPECT_EQ(lease.error().http_status, 409);
  EXPECT_NE(lease.error().message.find("lease currently held by hello@fly.io"), std::string::npos)
      << lease.error().message;
  EXPECT_EQ(lease.error().codes, std::vector<std::string>{"invalid"});
  // A change refused for the same reason (E3).
  http.reply(409, R"({"error":"aborted: machine ID 148ed123456789 lease currently held by a@tokens.fly.io"})");
  auto refused = client.update("app1", "148ed123456789", {.config_json = "{}"});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("aborted: machine ID"), std::string::npos);
  http.reply(200, R"({"status":"success","data":{}})");
  auto empty = client.acquire_lease("app1", "148ed123456789", 60s, "roll-machines");
  EXPECT_FALSE(empty.ok());  // no nonce: nothing to release with
}

TEST_F(ClientUpdateTest, WaitAsksForTheVersion) {
  http.reply(200, R"({"ok":true})");
  WaitOptions w{.state = DesiredState::kStarted, .instance_id = "v2", .deadline = clock.now() + 30s};
  ASSERT_TRUE(client.wait("app1", "148ed123456789", w).ok());
  EXPECT_NE(http.line(0).find("&version=v2"), std::string::npos) << http.line(0);
}

TEST(ConfigWithImage, ChangesOnlyTheImage) {
  auto out = config_with_image(R"({"image":"old","env":{"A":"1"},"guest":{"cpus":2}})", "new@sha256:ab");
  ASSERT_TRUE(out.ok());
  auto doc = core::json::parse(*out, "config");
  ASSERT_TRUE(doc.ok());
  EXPECT_STREQ((*doc)["image"].GetString(), "new@sha256:ab");
  EXPECT_STREQ((*doc)["env"]["A"].GetString(), "1");
  EXPECT_EQ((*doc)["guest"]["cpus"].GetInt(), 2);
  EXPECT_FALSE(config_with_image("[1]", "x").ok());
}

}  // namespace
}  // namespace flypin::fly
