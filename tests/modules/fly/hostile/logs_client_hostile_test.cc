// fly::LogsClient against scripted logs APIs, well-behaved and not.

#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "core/clock.h"
#include "core/curl_http_client.h"
#include "core/retry.h"
#include "fly/logs_client.h"
#include "support/doubles/fake_clock.h"
#include "support/hostile/endless_body.h"
#include "support/hostile/scripted_server.h"

namespace flypin::fly {
namespace {

using hostile::Conn;
using hostile::Request;
using hostile::ScriptedServer;

constexpr const char* kToken = "FlyV1 fm2_hostileLogsMacaroon1,fm2_hostileLogsMacaroon2";
const hostile::HeaderList kJson{{"Content-Type", "application/json"}};

std::string entry(const std::string& id, const std::string& message, const std::string& provider = "app") {
  return R"({"id":")" + id + R"(","type":"logs","attributes":{"timestamp":"2026-04-16T14:00:0)" + id.substr(0, 1) +
         R"(.000000001Z","message":")" + message + R"(","level":"info","instance":"e82d416a725248","region":"iad",)" +
         R"("meta":{"event":{"provider":")" + provider + R"("}}}})";
}

std::string page(const std::string& entries, const std::string& token) {
  return R"({"data":[)" + entries + R"(],"meta":{"next_token":")" + token + R"("}})";
}

class HostileLogs : public ::testing::Test {
 protected:
  LogsClient client(const ScriptedServer& server, std::string token = kToken) {
    return LogsClient(http_, {.base_url = server.url(), .token = std::move(token)});
  }
  core::CurlHttpClient http_;
};

TEST_F(HostileLogs, ReadsPagesByNextTokenAsFlyctlAsks) {
  ScriptedServer api([](const Request& r, Conn& c) {
    if (r.query == "next_token=&instance=e82d416a725248") {
      return c.respond(200, kJson,
                       page(entry("1", "booting") + "," + entry("2", "sh: can't open '/app/start.sh'"), "t2"));
    }
    if (r.query == "next_token=t2&instance=e82d416a725248") {
      return c.respond(200, kJson, page(entry("3", "machine exited with exit code 2", "runner"), "t3"));
    }
    return c.respond(200, kJson, page("", ""));
  });
  auto batch = client(api).read_available({.app = "my-app", .instance = "e82d416a725248", .region = "iad"});
  ASSERT_TRUE(batch.ok()) << batch.error().describe();
  ASSERT_EQ(batch->entries.size(), 3u);
  EXPECT_EQ(batch->entries[1].message, "sh: can't open '/app/start.sh'");
  EXPECT_EQ(batch->entries[2].provider, "runner");
  EXPECT_EQ(batch->next_token, "t3") << "an empty next_token keeps the last one";
  EXPECT_EQ(batch->more, MorePages::kNo);
  ASSERT_EQ(api.request_count(), 3u);
  const auto first = api.requests()[0];
  EXPECT_EQ(first.path, "/api/v1/apps/my-app/logs");
  EXPECT_EQ(first.header("Authorization"), "FlyV1 fm2_hostileLogsMacaroon1,fm2_hostileLogsMacaroon2");
}

TEST_F(HostileLogs, RefusalsAreTheirOwnKindAndNameTheCredentialNotItsValue) {
  for (int status : {401, 403, 404}) {
    ScriptedServer api([status](const Request&, Conn& c) { c.respond(status, kJson, R"({"error":"unauthorized"})"); });
    auto got = client(api, "fo1_personalToken1234").page({.app = "my-app"});
    ASSERT_FALSE(got.ok());
    EXPECT_TRUE(is_logs_refused(got.error())) << status;
    EXPECT_EQ(got.error().http_status, status);
    EXPECT_NE(got.error().message.find(status == 404 ? "404" : "FLY_API_TOKEN"), std::string::npos)
        << got.error().message;
    EXPECT_EQ(got.error().describe().find("fo1_personalToken1234"), std::string::npos);
    EXPECT_EQ(api.requests().at(0).header("Authorization"), "Bearer fo1_personalToken1234");
  }
  ScriptedServer broken([](const Request&, Conn& c) { c.respond(500, kJson, "{}"); });
  auto got = client(broken).page({.app = "my-app"});
  ASSERT_FALSE(got.ok());
  EXPECT_FALSE(is_logs_refused(got.error()));
}

TEST_F(HostileLogs, RedirectElsewhereIsNotFollowed) {
  ScriptedServer elsewhere([](const Request&, Conn& c) { c.respond(200, kJson, page("", "")); });
  ScriptedServer api([&](const Request&, Conn& c) { c.respond(302, {{"Location", elsewhere.url() + "/logs"}}); });
  auto got = client(api).page({.app = "my-app"});
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().http_status, 302);
  EXPECT_EQ(elsewhere.request_count(), 0u);
}

TEST_F(HostileLogs, EndlessPageIsCut) {
  ScriptedServer api([](const Request&, Conn& c) { hostile::endless_json(c, R"({"data":[)"); });
  auto got = LogsClient(http_, {.base_url = api.url(), .token = kToken, .max_body = 256 * 1024}).page({.app = "a"});
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.error().describe().find("256 KiB"), std::string::npos) << got.error().describe();
}

TEST_F(HostileLogs, DeeplyNestedPageIsADecodeError) {
  ScriptedServer api([](const Request&, Conn& c) { c.respond(200, kJson, hostile::nested_json(100'000)); });
  auto got = client(api).page({.app = "a"});
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().kind, core::ErrorKind::kDecode);
  EXPECT_EQ(got.error().api, kLogsApiName);
}

TEST_F(HostileLogs, EndlessPagingStopsAtThePageCap) {
  std::atomic<int> n{0};
  ScriptedServer api([&](const Request&, Conn& c) {
    const auto i = std::to_string(++n);
    c.respond(200, kJson, page(entry("1", "line " + i), "t" + i));
  });
  auto batch = client(api).read_available({.app = "a"}, 4);
  ASSERT_TRUE(batch.ok());
  EXPECT_EQ(batch->entries.size(), 4u);
  EXPECT_EQ(batch->more, MorePages::kYes);
  EXPECT_EQ(api.request_count(), 4u);
}

TEST_F(HostileLogs, RateLimitWithRetryAfterIsWaitedOutByTheRetryingClient) {
  std::atomic<int> n{0};
  ScriptedServer api([&](const Request&, Conn& c) {
    if (++n == 1) return c.respond(429, {{"Retry-After", "3"}}, "");
    return c.respond(200, kJson, page(entry("1", "ok"), "t1"));
  });
  doubles::FakeClock clock;
  core::RetryingHttpClient retrying(http_, clock);
  auto got = LogsClient(retrying, {.base_url = api.url(), .token = kToken}).page({.app = "a"});
  ASSERT_TRUE(got.ok()) << got.error().describe();
  EXPECT_EQ(got->entries.size(), 1u);
  EXPECT_GE(clock.slept(), std::chrono::seconds(3));
  EXPECT_EQ(api.request_count(), 2u);
}

}  // namespace
}  // namespace flypin::fly
