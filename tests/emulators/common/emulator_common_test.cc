// Unit tests of the shared emulator plumbing: fault matching and counting,
// the fixed-window limiter and the token bucket on a fake clock, the journal's JSON, --listen.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "emulators/common/fault_plan.h"
#include "emulators/common/listen_address.h"
#include "emulators/common/rate_limiter.h"
#include "emulators/common/request_journal.h"
#include "emulators/common/token_bucket.h"
#include "emulators/common/variants.h"

namespace flypin::emulators {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

TEST(CommonFaultPlan, MatchesMethodAndPrefixAndCountsDown) {
  FaultPlan plan;
  ASSERT_FALSE(plan.add_from_json(R"({"path_prefix":"/repos/a","method":"POST","status":502,"count":2})"));
  EXPECT_FALSE(plan.take("GET", "/repos/a/b/deployments"));
  EXPECT_FALSE(plan.take("POST", "/other"));
  EXPECT_EQ(plan.take("POST", "/repos/a/b/deployments")->status, 502);
  EXPECT_TRUE(plan.take("POST", "/repos/a/b/deployments"));
  EXPECT_FALSE(plan.take("POST", "/repos/a/b/deployments"));
}

TEST(CommonFaultPlan, CarriesBodyAndHeaders) {
  FaultPlan plan;
  ASSERT_FALSE(plan.add_from_json(R"({"status":429,"body":"{}","headers":{"retry-after":"7"}})"));
  auto fault = plan.take("GET", "/x");
  ASSERT_TRUE(fault);
  EXPECT_EQ(fault->body, "{}");
  ASSERT_EQ(fault->headers.size(), 1u);
  EXPECT_EQ(fault->headers[0].first, "retry-after");
  EXPECT_EQ(fault->headers[0].second, "7");
}

TEST(CommonFaultPlan, RejectsFaultsThatDoNothingOrDoNotParse) {
  FaultPlan plan;
  EXPECT_TRUE(plan.add_from_json(R"({"count":1})"));
  EXPECT_TRUE(plan.add_from_json(R"({"status":42})"));
  EXPECT_TRUE(plan.add_from_json(R"({"status":500,"count":0})"));
  EXPECT_TRUE(plan.add_from_json(R"({"status":500,"headers":{"a":1}})"));
  EXPECT_TRUE(plan.add_from_json("[]"));
  EXPECT_FALSE(plan.add_from_json(R"({"drop_connection":true})"));
  EXPECT_TRUE(plan.take("GET", "/anything")->drop_connection);
  plan.add_from_json(R"({"status":500})");
  plan.clear();
  EXPECT_FALSE(plan.take("GET", "/anything"));
}

TEST(CommonFaultPlan, FaultsBeforeAndAfterTheRouteAreSpentApart) {
  FaultPlan plan;
  ASSERT_FALSE(plan.add_from_json(R"({"status":502,"when":"after"})"));
  EXPECT_FALSE(plan.take("POST", "/x")) << "a before-take does not spend an after-fault";
  EXPECT_EQ(plan.take("POST", "/x", FaultPhase::kAfter)->status, 502);
  EXPECT_FALSE(plan.take("POST", "/x", FaultPhase::kAfter));
  EXPECT_TRUE(plan.add_from_json(R"({"status":502,"when":"later"})"));
}

TEST(CommonVariants, DefaultsFirstChosenByNameAndListedForHelp) {
  Variants v({{"update-of-stopped", {"stays-stopped", "starts"}, "U1"}, {"lag", {"0", "2s"}, "S9"}});
  EXPECT_EQ(v.value("update-of-stopped"), "stays-stopped");
  EXPECT_EQ(v.chosen(), "");
  EXPECT_FALSE(v.set_list("lag=2s, update-of-stopped=starts"));
  EXPECT_TRUE(v.is("update-of-stopped", "starts"));
  EXPECT_EQ(v.chosen(), "update-of-stopped=starts,lag=2s");
  EXPECT_EQ(*v.set("nope=1"), "no variant named 'nope' (see --help)");
  EXPECT_EQ(*v.set("lag=3s"), "variant lag is one of 0|2s, not '3s'");
  EXPECT_TRUE(v.set("lag"));
  EXPECT_NE(v.help().find("  lag  0|2s (default 0): S9"), std::string::npos) << v.help();
  rapidjson::Document doc;
  doc.Parse(v.to_json().c_str());
  EXPECT_STREQ(doc["lag"]["value"].GetString(), "2s");
  EXPECT_STREQ(doc["lag"]["default"].GetString(), "0");
  EXPECT_THROW(v.value("nope"), std::out_of_range);
}

TEST(CommonRateLimiter, CountsPerKeyAndReportsTheWindowEnd) {
  auto now = system_clock::time_point(seconds(1'700'000'000));
  RateLimiter limiter(2, seconds(3600), [&now] { return now; });
  auto first = limiter.take("a");
  EXPECT_TRUE(first.allowed);
  EXPECT_EQ(first.used, 1);
  EXPECT_EQ(first.remaining, 1);
  EXPECT_EQ(first.reset_epoch, 1'700'003'600);
  now += seconds(10);
  EXPECT_TRUE(limiter.take("a").allowed);
  auto refused = limiter.take("a");
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.used, 2);
  EXPECT_EQ(refused.reset_seconds, 3590);
  EXPECT_TRUE(limiter.take("b").allowed) << "limits are per key";
  now += seconds(3590);
  EXPECT_TRUE(limiter.take("a").allowed) << "a new window starts when the old one ends";
}

TEST(CommonRateLimiter, KeysMayHaveTheirOwnLimitAndReconfigureForgetsWindows) {
  auto now = system_clock::time_point(seconds(1'700'000'000));
  RateLimiter limiter(5, seconds(60), [&now] { return now; });
  EXPECT_TRUE(limiter.take("anon", 1).allowed);
  EXPECT_FALSE(limiter.take("anon", 1).allowed);
  limiter.reconfigure(1, seconds(10));
  auto d = limiter.take("t");
  EXPECT_EQ(d.limit, 1);
  EXPECT_EQ(d.reset_epoch, 1'700'000'010);
  EXPECT_FALSE(limiter.take("t").allowed);
  limiter.reset();
  EXPECT_TRUE(limiter.take("t").allowed);
}

TEST(CommonTokenBucket, StartsFullThenRefillsAtItsRate) {
  auto now = std::chrono::steady_clock::time_point(seconds(100));
  TokenBucket bucket([&now] { return now; });
  const BucketRule rule{1.0, 3.0};
  for (int i = 0; i < 3; ++i) EXPECT_EQ(bucket.admit("t\ncreate", rule), 0) << i;
  EXPECT_EQ(bucket.admit("t\ncreate", rule), 1) << "empty: one token is a second away";
  EXPECT_EQ(bucket.admit("u\ncreate", rule), 0) << "buckets are per key";
  now += std::chrono::milliseconds(1000);
  EXPECT_EQ(bucket.admit("t\ncreate", rule), 0);
  EXPECT_EQ(bucket.admit("t\ncreate", rule), 1);
  now += seconds(60);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(bucket.admit("t\ncreate", rule), 0) << "refills up to the burst only";
  EXPECT_GT(bucket.admit("t\ncreate", rule), 0);
  bucket.clear();
  EXPECT_EQ(bucket.admit("t\ncreate", rule), 0);
}

TEST(CommonTokenBucket, RetryAfterCountsWholeSecondsAtSlowRates) {
  auto now = std::chrono::steady_clock::time_point(seconds(100));
  TokenBucket bucket([&now] { return now; });
  const BucketRule slow{0.25, 1.0};
  EXPECT_EQ(bucket.admit("k", slow), 0);
  EXPECT_EQ(bucket.admit("k", slow), 4);
}

TEST(CommonRequestJournal, WritesEveryFieldAndCutsLongBodies) {
  RequestJournal journal;
  SeenRequest r;
  r.method = "POST";
  r.path = "/repos/o/r/deployments";
  r.query = "a=1";
  r.status = 201;
  r.authorization_present = true;
  r.auth_scheme = "bearer";
  r.body = std::string(SeenRequest::kMaxBody + 10, 'x');
  r.headers = {{"user-agent", "ua"}};
  journal.record(r);
  rapidjson::Document doc;
  doc.Parse(journal.to_json().c_str());
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 1u);
  const auto& seen = doc[0];
  EXPECT_STREQ(seen["method"].GetString(), "POST");
  EXPECT_STREQ(seen["query"].GetString(), "a=1");
  EXPECT_EQ(seen["status"].GetInt(), 201);
  EXPECT_TRUE(seen["authorization"].GetBool());
  EXPECT_STREQ(seen["auth_scheme"].GetString(), "bearer");
  EXPECT_EQ(seen["body"].GetStringLength(), SeenRequest::kMaxBody);
  EXPECT_STREQ(seen["headers"]["user-agent"].GetString(), "ua");
  journal.clear();
  EXPECT_EQ(journal.to_json(), "[]");
}

TEST(CommonListenAddress, LoopbackOnly) {
  auto a = parse_listen_address("127.0.0.1:0");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->port, 0);
  EXPECT_EQ(parse_listen_address("localhost:8080")->port, 8080);
  EXPECT_FALSE(parse_listen_address("0.0.0.0:80"));
  EXPECT_FALSE(parse_listen_address("127.0.0.1:"));
  EXPECT_FALSE(parse_listen_address("127.0.0.1:99999"));
  EXPECT_FALSE(parse_listen_address("127.0.0.1:8x"));
  EXPECT_FALSE(parse_listen_address("8080"));
}

}  // namespace
}  // namespace flypin::emulators
