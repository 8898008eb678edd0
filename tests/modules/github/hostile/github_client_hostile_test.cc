// github::Client against scripted GitHub APIs that misbehave.

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/curl_http_client.h"
#include "core/json.h"
#include "core/retry.h"
#include "github/client.h"
#include "support/doubles/fake_clock.h"
#include "support/hostile/endless_body.h"
#include "support/hostile/scripted_server.h"

namespace flypin::github {
namespace {

using hostile::Conn;
using hostile::Request;
using hostile::Routes;
using hostile::ScriptedServer;

constexpr const char* kToken = "ghs_hostileHistoryToken000000000000001";
constexpr const char* kDeployments = "/repos/o/r/deployments";
const hostile::HeaderList kJson{{"Content-Type", "application/json"}};

std::string deployment_json(long long id, const std::string& marker) {
  return R"({"id":)" + std::to_string(id) +
         R"(,"sha":"abc","ref":"abc","environment":"e","payload":{"flypin_create":")" + marker + R"("}})";
}

std::string marker_of(const std::string& body) {
  auto doc = core::json::parse(body, "request");
  if (!doc.ok()) return "";
  const auto* payload = core::json::get_object(*doc, "payload");
  return payload ? core::json::get_string(*payload, "flypin_create").value_or("") : "";
}

class HostileGitHub : public ::testing::Test {
 protected:
  Client client(const ScriptedServer& server) {
    return Client(http_, clock_, {.api_url = server.url(), .repository = "o/r", .token = kToken});
  }
  NewDeployment deployment() { return {.ref = "abc", .environment = "e", .description = "pin"}; }

  core::CurlHttpClient http_;
  doubles::FakeClock clock_;
};

TEST_F(HostileGitHub, NextLinkToAnotherHostIsNotFollowed) {
  ScriptedServer elsewhere([](const Request&, Conn& c) { c.respond(200, kJson, "[]"); });
  ScriptedServer api([&](const Request&, Conn& c) {
    c.respond(200,
              {{"Content-Type", "application/json"}, {"Link", "<" + elsewhere.url() + "/steal?page=2>; rel=\"next\""}},
              "[" + deployment_json(1, "m") + "]");
  });
  auto listed = client(api).list_deployments({});
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.error().kind, core::ErrorKind::kCheck);
  EXPECT_NE(listed.error().message.find("not following"), std::string::npos) << listed.error().message;
  EXPECT_EQ(elsewhere.request_count(), 0u);
  EXPECT_EQ(listed.error().describe().find(kToken), std::string::npos);
}

TEST_F(HostileGitHub, RedirectToAnotherHostIsNotFollowedButOneOnTheSameOriginIs) {
  ScriptedServer elsewhere([](const Request&, Conn& c) { c.respond(200, kJson, "[]"); });
  ScriptedServer api(Routes()
                         .on("GET", kDeployments,
                             [&](const Request& r, Conn& c) {
                               // A renamed repository answers 301 to its /repositories/{id} spelling.
                               if (r.query.find("moved") == std::string::npos) {
                                 c.respond(301, {{"Location", "/repositories/7/deployments?per_page=100&moved=1"}});
                               } else {
                                 c.respond(302, {{"Location", elsewhere.url() + "/x"}});
                               }
                             })
                         .on("GET", "/repositories/7/deployments", [](const Request&, Conn& c) {
                           c.respond(200, kJson, "[" + deployment_json(9, "m") + "]");
                         }));
  auto listed = client(api).list_deployments({});
  ASSERT_TRUE(listed.ok()) << listed.error().describe();
  ASSERT_EQ(listed->deployments.size(), 1u);
  EXPECT_EQ(listed->deployments[0].id, 9);

  ScriptedServer bouncing([&](const Request&, Conn& c) { c.respond(307, {{"Location", elsewhere.url() + "/y"}}); });
  auto bounced = client(bouncing).list_statuses(1);
  ASSERT_FALSE(bounced.ok());
  EXPECT_EQ(bounced.error().kind, core::ErrorKind::kCheck);
  EXPECT_EQ(elsewhere.request_count(), 0u);
}

TEST_F(HostileGitHub, SecondaryRateLimitIsWaitedOutOnce) {
  std::atomic<int> calls{0};
  ScriptedServer api([&](const Request&, Conn& c) {
    if (++calls == 1) {
      c.respond(403, {{"Content-Type", "application/json"}, {"retry-after", "7"}, {"x-ratelimit-remaining", "4999"}},
                R"({"message":"You have exceeded a secondary rate limit."})");
    } else {
      c.respond(200, kJson, "[]");
    }
  });
  auto listed = client(api).list_deployments({});
  ASSERT_TRUE(listed.ok()) << listed.error().describe();
  EXPECT_EQ(api.request_count(), 2u);
  EXPECT_EQ(clock_.slept(), std::chrono::seconds(7));
}

TEST_F(HostileGitHub, RateLimitStormIsBounded) {
  ScriptedServer api([](const Request&, Conn& c) {
    c.respond(429, {{"Content-Type", "application/json"}, {"retry-after", "0"}}, R"({"message":"slow down"})");
  });
  auto created = client(api).create_deployment(deployment());
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(problem_of(created.error()), Problem::kRateLimited) << created.error().describe();
  // Five waits of at least a second, then a final answer: never a hot loop.
  EXPECT_EQ(api.request_count(), 6u);
  EXPECT_EQ(clock_.slept(), std::chrono::seconds(5));
}

// Behind the RetryingHttpClient every program uses, a 429 is still waited
// out in one place only: the client's, not also the transport's retries.
TEST_F(HostileGitHub, RateLimitIsRetriedInOnePlaceBehindARetryingClient) {
  ScriptedServer api([](const Request&, Conn& c) {
    c.respond(429, {{"Content-Type", "application/json"}, {"retry-after", "0"}}, R"({"message":"slow down"})");
  });
  core::RetryingHttpClient retrying(http_, clock_);
  Client github(retrying, clock_, {.api_url = api.url(), .repository = "o/r", .token = kToken});
  auto listed = github.list_deployments({});
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(problem_of(listed.error()), Problem::kRateLimited) << listed.error().describe();
  EXPECT_EQ(api.request_count(), 6u);
}

TEST_F(HostileGitHub, PrimaryLimitResettingInAnHourFailsAtOnce) {
  const auto reset = std::to_string(clock_.unix_seconds() + 3600);
  ScriptedServer api([&](const Request&, Conn& c) {
    c.respond(403, {{"Content-Type", "application/json"}, {"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", reset}},
              R"({"message":"API rate limit exceeded for installation ID 1."})");
  });
  auto listed = client(api).list_deployments({});
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(problem_of(listed.error()), Problem::kRateLimited);
  EXPECT_NE(listed.error().message.find("3600 s"), std::string::npos) << listed.error().message;
  EXPECT_EQ(api.request_count(), 1u);
  EXPECT_EQ(clock_.slept(), std::chrono::milliseconds(0));
}

TEST_F(HostileGitHub, PermissionRefusalIsNotARateLimit) {
  ScriptedServer api([](const Request&, Conn& c) {
    c.respond(
        403, {{"Content-Type", "application/json"}, {"x-ratelimit-remaining", "999"}},
        R"({"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest"})");
  });
  auto created = client(api).create_deployment(deployment());
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(problem_of(created.error()), Problem::kNoPermission);
  EXPECT_EQ(api.request_count(), 1u) << "a refusal is final: no search, no second POST";
}

TEST_F(HostileGitHub, EndlessListIsCutAtItsCap) {
  ScriptedServer api([](const Request&, Conn& c) { hostile::endless_json(c, "["); });
  auto listed =
      Client(http_, clock_, {.api_url = api.url(), .repository = "o/r", .token = kToken, .max_page_body = 256 * 1024})
          .list_deployments({});
  ASSERT_FALSE(listed.ok());
  EXPECT_NE(listed.error().describe().find("256 KiB"), std::string::npos) << listed.error().describe();
}

TEST_F(HostileGitHub, DeeplyNestedListIsADecodeError) {
  ScriptedServer api([](const Request&, Conn& c) { c.respond(200, kJson, hostile::nested_json(100'000)); });
  auto listed = client(api).list_deployments({});
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(listed.error().kind, core::ErrorKind::kDecode);
  EXPECT_NE(listed.error().message.find("nested deeper"), std::string::npos);
}

// GitHub records the deployment, then the answer is a 500: the search finds it, no second POST.
TEST_F(HostileGitHub, CreateAnsweredWith500AfterItHappenedIsFoundNotRepeated) {
  std::mutex m;
  std::string recorded;
  ScriptedServer api(Routes()
                         .on("POST", kDeployments,
                             [&](const Request& r, Conn& c) {
                               std::lock_guard lock(m);
                               recorded = deployment_json(3000000001, marker_of(r.body));
                               c.respond(500, kJson, R"({"message":"Server Error"})");
                             })
                         .on("GET", kDeployments, [&](const Request&, Conn& c) {
                           std::lock_guard lock(m);
                           c.respond(200, kJson, "[" + recorded + "]");
                         }));
  auto created = client(api).create_deployment(deployment());
  ASSERT_TRUE(created.ok()) << created.error().describe();
  EXPECT_EQ(created->id, 3000000001LL);
  EXPECT_EQ(api.count("POST", kDeployments), 1u);
  EXPECT_EQ(api.count("GET", kDeployments), 1u);
  const auto list = api.requests()[1];
  EXPECT_NE(list.query.find("environment=e"), std::string::npos) << list.query;
  EXPECT_NE(list.query.find("ref=abc"), std::string::npos) << list.query;
}

// A cut connection before GitHub recorded anything: searched, absent, sent once more with the same marker.
TEST_F(HostileGitHub, CreateLostBeforeItHappenedIsSentOnceMore) {
  std::atomic<int> posts{0};
  std::mutex m;
  std::vector<std::string> markers;
  ScriptedServer api(Routes()
                         .on("POST", kDeployments,
                             [&](const Request& r, Conn& c) {
                               std::lock_guard lock(m);
                               markers.push_back(marker_of(r.body));
                               if (++posts == 1) return c.reset();
                               c.respond(201, kJson, deployment_json(3000000002, markers.back()));
                             })
                         .on("GET", kDeployments, [](const Request&, Conn& c) { c.respond(200, kJson, "[]"); }));
  auto created = client(api).create_deployment(deployment());
  ASSERT_TRUE(created.ok()) << created.error().describe();
  EXPECT_EQ(created->id, 3000000002LL);
  ASSERT_EQ(markers.size(), 2u);
  EXPECT_EQ(markers[0], markers[1]);
  EXPECT_FALSE(markers[0].empty());
}

TEST_F(HostileGitHub, CreateFailingTwiceUnseenIsAnErrorAfterTwoPosts) {
  ScriptedServer api(Routes()
                         .on("POST", kDeployments, [](const Request&, Conn& c) { c.respond(502, kJson, "{}"); })
                         .on("GET", kDeployments, [](const Request&, Conn& c) { c.respond(200, kJson, "[]"); }));
  auto created = client(api).create_deployment(deployment());
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().http_status, 502);
  EXPECT_EQ(api.count("POST", kDeployments), 2u);
}

TEST_F(HostileGitHub, SendsGitHubsHeadersAndNoTokenInErrors) {
  ScriptedServer api([](const Request&, Conn& c) { c.respond(401, kJson, R"({"message":"Bad credentials"})"); });
  auto listed = client(api).list_deployments({.environment = "supabase-x y"});
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(problem_of(listed.error()), Problem::kUnauthorized);
  EXPECT_EQ(listed.error().describe().find(kToken), std::string::npos);
  const auto r = api.requests().at(0);
  EXPECT_EQ(r.header("Authorization"), std::string("Bearer ") + kToken);
  EXPECT_EQ(r.header("Accept"), "application/vnd.github+json");
  EXPECT_EQ(r.header("X-GitHub-Api-Version"), "2022-11-28");
  EXPECT_EQ(r.header("User-Agent").rfind("flypin/", 0), 0u);
  EXPECT_NE(r.query.find("per_page=100"), std::string::npos);
  EXPECT_NE(r.query.find("environment=supabase-x%20y"), std::string::npos) << r.query;
}

TEST_F(HostileGitHub, ApiUrlThatIsNoHttpUrlIsAUsageError) {
  for (const char* url : {"", "file:///etc", "api.github.com", "https://token@api.github.com"}) {
    auto listed = Client(http_, clock_, {.api_url = url, .repository = "o/r", .token = kToken}).list_deployments({});
    ASSERT_FALSE(listed.ok()) << url;
    EXPECT_EQ(listed.error().kind, core::ErrorKind::kUsage) << url;
  }
  EXPECT_EQ(http_.requests_sent(), 0);
}

}  // namespace
}  // namespace flypin::github
