#include "registry/call_limits.h"

#include <gtest/gtest.h>

#include "registry/credentials.h"
#include "registry/reference.h"
#include "registry/registry_client.h"
#include "support/doubles/fake_clock.h"
#include "support/doubles/scripted_http_client.h"

namespace flypin::registry {
namespace {

using namespace std::chrono_literals;

core::Error timeout() {
  core::Error e;
  e.kind = core::ErrorKind::kTimeout;
  e.message = "operation timed out";
  return e;
}

TEST(CallLimits, EveryRequestGetsTheCallsDeadline) {
  doubles::ScriptedHttpClient wire([](const core::HttpRequest&) { return core::HttpResponse{.status = 200}; });
  doubles::FakeClock clock;
  LimitedHttpClient http(wire);
  ASSERT_TRUE(http.send(core::HttpRequest{.url = "http://r.example/v2/"}).ok());
  EXPECT_EQ(wire.requests.back().total_timeout, 60s) << "no limits: as asked";
  http.limit(clock, {.per_call = 8s, .attempts = 2, .run_deadline = clock.now() + 30s});
  ASSERT_TRUE(http.send(core::HttpRequest{.url = "http://r.example/v2/"}).ok());
  const auto& sent = wire.requests.back();
  EXPECT_EQ(sent.total_timeout, 8s);
  ASSERT_TRUE(sent.retry.has_value());
  EXPECT_EQ(sent.retry->max_attempts, 2);
  EXPECT_EQ(sent.retry->deadline, clock.now() + 8s);
}

TEST(CallLimits, ARegistryThatTimedOutIsNotAskedAgainNorAnyAfterTheRunsDeadline) {
  doubles::ScriptedHttpClient wire(
      [](const core::HttpRequest&) -> core::Result<core::HttpResponse> { return timeout(); });
  doubles::FakeClock clock;
  core::Environment env;
  core::SystemProcessRunner processes;
  CredentialResolver creds(env, processes, {});
  RegistryClient client(wire, creds);
  client.limit_calls(clock, {.per_call = 8s, .attempts = 1, .run_deadline = clock.now() + 30s});
  const auto ref = parse_reference("blackhole.example/team/app:v1").value();
  auto first = client.resolve(ref, std::nullopt);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().kind, core::ErrorKind::kTimeout);
  const auto calls = wire.calls();
  auto again = client.resolve(parse_reference("blackhole.example/team/app:v2").value(), std::nullopt);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, core::ErrorKind::kTimeout);
  EXPECT_NE(again.error().message.find("not asked again"), std::string::npos) << again.error().message;
  EXPECT_EQ(wire.calls(), calls);

  clock.sleep_for(31s);
  auto late = client.resolve(parse_reference("other.example/team/app:v1").value(), std::nullopt);
  ASSERT_FALSE(late.ok());
  EXPECT_NE(late.error().message.find("time for registry checks"), std::string::npos) << late.error().message;
  EXPECT_EQ(wire.calls(), calls);
}

}  // namespace
}  // namespace flypin::registry
