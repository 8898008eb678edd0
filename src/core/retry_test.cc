#include "core/retry.h"

#include <gtest/gtest.h>

#include <vector>

#include "support/doubles/fake_clock.h"
#include "support/doubles/scripted_http_client.h"

namespace flypin::core {
namespace {

using doubles::FakeClock;
using doubles::ScriptedHttpClient;

HttpResponse status(int code, Headers headers = {}) {
  HttpResponse r;
  r.status = code;
  r.headers = std::move(headers);
  return r;
}

Error network_error() {
  Error e;
  e.kind = ErrorKind::kNetwork;
  e.message = "connection refused";
  return e;
}

TEST(RetryingHttpClient, RetriesServerErrorsThenSucceeds) {
  ScriptedHttpClient inner;
  inner.replies = {status(503), status(502), status(200)};
  FakeClock clock;
  RetryingHttpClient client(inner, clock, RetryPolicy{}, 42);
  auto r = client.send(HttpRequest{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(inner.calls(), 3u);
  EXPECT_GT(clock.slept().count(), 0);
}

TEST(RetryingHttpClient, RetriesTransportErrors) {
  ScriptedHttpClient inner;
  inner.replies = {network_error(), status(204)};
  FakeClock clock;
  RetryingHttpClient client(inner, clock);
  auto r = client.send(HttpRequest{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(inner.calls(), 2u);
}

TEST(RetryingHttpClient, DoesNotRetryAFinalTransportError) {
  ScriptedHttpClient inner;
  Error rejected = network_error();
  rejected.finality = Finality::kFinal;
  inner.replies = {rejected, status(204)};
  FakeClock clock;
  RetryingHttpClient client(inner, clock);
  auto r = client.send(HttpRequest{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(inner.calls(), 1u);
  EXPECT_EQ(clock.slept().count(), 0);
}

TEST(RetryingHttpClient, DoesNotRetryClientErrors) {
  ScriptedHttpClient inner;
  inner.replies = {status(404)};
  FakeClock clock;
  RetryingHttpClient client(inner, clock);
  auto r = client.send(HttpRequest{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(inner.calls(), 1u);
  EXPECT_EQ(clock.slept().count(), 0);
}

Error not_sent() {
  Error e = network_error();
  e.delivery = Delivery::kNotSent;
  return e;
}

TEST(RetryingHttpClient, RetriesAPostOnlyWhenAllowedOrWhenItNeverLeft) {
  ScriptedHttpClient inner;
  inner.replies = {status(503)};
  FakeClock clock;
  RetryingHttpClient client(inner, clock);
  HttpRequest post;
  post.method = "POST";
  EXPECT_EQ(client.send(post)->status, 503);
  EXPECT_EQ(inner.calls(), 1u);

  inner.replies = {network_error(), status(201)};  // a reset: the server may have acted on it
  EXPECT_FALSE(client.send(post).ok());
  EXPECT_EQ(inner.calls(), 2u);

  inner.replies = {not_sent(), not_sent(), status(201)};  // refused twice: nothing reached the server
  EXPECT_EQ(client.send(post)->status, 201);
  EXPECT_EQ(inner.calls(), 5u);

  inner.replies = {status(503), status(201)};
  post.retry_unsafe = true;
  EXPECT_EQ(client.send(post)->status, 201);
  EXPECT_EQ(inner.calls(), 7u);
}

TEST(RetryingHttpClient, WithADeadlineGivesUpOnAServerThatCannotBeReached) {
  ScriptedHttpClient inner([](const HttpRequest&) -> Result<HttpResponse> { return not_sent(); });
  FakeClock clock;
  RetryingHttpClient client(inner, clock);
  HttpRequest get;
  get.retry = RetryPolicy::until(clock.now() + std::chrono::minutes(5));
  get.retry->give_up_unreachable_after = std::chrono::seconds(10);
  auto r = client.send(get);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().delivery, Delivery::kNotSent);
  EXPECT_GE(clock.slept(), std::chrono::seconds(10));
  EXPECT_LT(clock.slept(), std::chrono::seconds(20)) << "not the five minutes of the deadline";

  // Without the limit, an outage is ridden out until the deadline.
  get.retry->give_up_unreachable_after.reset();
  FakeClock patient;
  RetryingHttpClient cleanup(inner, patient);
  get.retry->deadline = patient.now() + std::chrono::minutes(2);
  EXPECT_FALSE(cleanup.send(get).ok());
  EXPECT_GE(patient.slept(), std::chrono::seconds(110));
}

TEST(RetryingHttpClient, UnappliedOnlyRetriesA429AndHandsBackWhatIsAmbiguous) {
  ScriptedHttpClient inner;
  FakeClock clock;
  RetryingHttpClient client(inner, clock);
  HttpRequest update;
  update.method = "POST";
  update.retry_unsafe = true;
  update.retry = RetryPolicy::unapplied_only();
  inner.replies = {status(429), status(200)};
  EXPECT_EQ(client.send(update)->status, 200) << "a 429 was not applied: asked again";
  EXPECT_EQ(inner.calls(), 2u);
  for (int ambiguous : {408, 500, 502, 503}) {
    inner.replies = {status(ambiguous), status(200)};
    EXPECT_EQ(client.send(update)->status, ambiguous) << "may have been applied: the caller reads back";
  }
  inner.replies = {network_error(), status(200)};
  EXPECT_FALSE(client.send(update).ok()) << "a cut connection is the caller's to judge";
  EXPECT_EQ(inner.calls(), 2u + 4u + 1u);
}

TEST(RetryingHttpClient, GivesUpAfterMaxAttempts) {
  ScriptedHttpClient inner;
  for (int i = 0; i < 3; ++i) inner.replies.push_back(status(500));
  FakeClock clock;
  RetryingHttpClient client(inner, clock, RetryPolicy{.max_attempts = 3});
  EXPECT_EQ(client.send(HttpRequest{})->status, 500);
  EXPECT_EQ(inner.calls(), 3u);
}

TEST(RetryingHttpClient, HonoursRetryAfterSeconds) {
  ScriptedHttpClient inner;
  inner.replies = {status(429, {{"Retry-After", "7"}}), status(200)};
  FakeClock clock;
  RetryingHttpClient client(inner, clock);
  ASSERT_EQ(client.send(HttpRequest{})->status, 200);
  EXPECT_EQ(clock.slept(), std::chrono::milliseconds(7000));
}

TEST(RetryingHttpClient, BackoffIsCappedAndGrows) {
  ScriptedHttpClient inner;
  for (int i = 0; i < 9; ++i) inner.replies.push_back(status(503));
  inner.replies.push_back(status(200));
  FakeClock clock;
  RetryPolicy policy{
      .max_attempts = 10, .base_delay = std::chrono::milliseconds(100), .max_delay = std::chrono::milliseconds(1000)};
  RetryingHttpClient client(inner, clock, policy, 7);
  std::vector<long long> delays;
  client.set_observer(
      [&](const HttpRequest&, int, std::chrono::milliseconds d, const std::string&) { delays.push_back(d.count()); });
  ASSERT_EQ(client.send(HttpRequest{})->status, 200);
  ASSERT_EQ(delays.size(), 9u);
  for (auto d : delays) {
    EXPECT_GE(d, 25);
    EXPECT_LE(d, 1000);
  }
  EXPECT_GE(delays.back(), 250);  // late attempts wait at least a quarter of the cap
}

TEST(RetryingHttpClient, IgnoresRateLimitResetOnOtherServerErrors) {
  ScriptedHttpClient inner;
  inner.replies = {status(500, {{"x-ratelimit-reset", "50"}}), status(200)};
  FakeClock clock;
  RetryingHttpClient client(inner, clock);
  ASSERT_EQ(client.send(HttpRequest{})->status, 200);
  EXPECT_LT(clock.slept(), std::chrono::milliseconds(1000));
}

TEST(RetryingHttpClient, WithADeadlineRidesOutAStormLongerThanFiveAttempts) {
  using namespace std::chrono_literals;
  ScriptedHttpClient inner;
  for (int i = 0; i < 40; ++i) inner.replies.push_back(status(429, {{"Retry-After", "1"}}));
  inner.replies.push_back(status(200));
  FakeClock clock;
  RetryingHttpClient client(inner, clock, RetryPolicy::until(clock.now() + 120s), 3);
  HttpRequest del;
  del.method = "DELETE";
  ASSERT_EQ(client.send(del)->status, 200);
  EXPECT_EQ(inner.calls(), 41u);
  EXPECT_GE(clock.slept(), 40s) << "every Retry-After was honoured";
}

TEST(RetryingHttpClient, WithADeadlineStopsThereAndNoAttemptOutlastsIt) {
  using namespace std::chrono_literals;
  ScriptedHttpClient inner;
  for (int i = 0; i < 1000; ++i) inner.replies.push_back(status(503));
  FakeClock clock;
  const auto start = clock.now();
  RetryingHttpClient client(inner, clock, RetryPolicy::until(start + 30s), 5);
  HttpRequest get;
  get.total_timeout = 60s;
  EXPECT_EQ(client.send(get)->status, 503);
  EXPECT_GT(inner.calls(), 5u);
  EXPECT_LE(clock.now() - start, 30s);
  EXPECT_EQ(inner.requests.front().total_timeout, 30s) << "the first attempt may not run past the deadline";
  for (const auto& request : inner.requests) EXPECT_GE(request.total_timeout, 1s);
}

TEST(RetryingHttpClient, WithADeadlineGivesUpAtOnceWhenTheServerAsksForALongerWait) {
  using namespace std::chrono_literals;
  ScriptedHttpClient inner;
  inner.replies = {status(429, {{"Retry-After", "120"}}), status(200)};
  FakeClock clock;
  RetryingHttpClient client(inner, clock, RetryPolicy::until(clock.now() + 60s));
  EXPECT_EQ(client.send(HttpRequest{})->status, 429);
  EXPECT_EQ(inner.calls(), 1u);
  EXPECT_EQ(clock.slept(), 0ms);
}

TEST(ServerRequestedDelay, ParsesRateLimitResetAsSecondsOrEpoch) {
  EXPECT_EQ(server_requested_delay(Headers{{"x-ratelimit-reset", "3"}}, 1'700'000'000),
            std::chrono::milliseconds(3000));
  EXPECT_EQ(server_requested_delay(Headers{{"x-ratelimit-reset", "1700000010"}}, 1'700'000'000),
            std::chrono::milliseconds(10'000));
  EXPECT_EQ(server_requested_delay(Headers{{"Retry-After", "Wed, 21 Oct 2015 07:28:10 GMT"}}, 1445412480),
            std::chrono::milliseconds(10'000));
  EXPECT_FALSE(server_requested_delay(Headers{{"Retry-After", "soon"}}, 0).has_value());
}

TEST(RetryingHttpClient, ARequestsOwnPolicyOverridesTheClients) {
  ScriptedHttpClient inner;
  inner.replies = {status(503), status(200)};
  FakeClock clock;
  RetryingHttpClient client(inner, clock);
  HttpRequest once;
  once.retry = RetryPolicy::once();
  auto r = client.send(once);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(inner.calls(), 1);
  EXPECT_EQ(clock.slept().count(), 0);
  EXPECT_EQ(client.send(HttpRequest{})->status, 200) << "the client's own policy is unchanged";
}

TEST(RetryingHttpClient, ThePolicysStatusPredicateDecidesWhatIsRetried) {
  ScriptedHttpClient inner;
  inner.replies = {status(429), status(408), status(200)};
  FakeClock clock;
  RetryPolicy policy;
  policy.retry_status = [](int s) { return s != 408 && is_retryable_status(s); };
  RetryingHttpClient client(inner, clock, policy);
  auto r = client.send(HttpRequest{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 408) << "408 is an answer under this policy";
  EXPECT_EQ(inner.calls(), 2);
}

TEST(IsRetryableStatus, TimeoutsRateLimitsAndServerErrorsOnly) {
  for (int s : {408, 429, 500, 502, 503, 504, 599}) EXPECT_TRUE(is_retryable_status(s)) << s;
  for (int s : {200, 301, 400, 401, 403, 404, 409, 600}) EXPECT_FALSE(is_retryable_status(s)) << s;
  Error e;
  e.kind = ErrorKind::kHttp;
  e.http_status = 503;
  EXPECT_TRUE(e.retryable()) << "Error::retryable follows the same rule";
  e.http_status = 404;
  EXPECT_FALSE(e.retryable());
}

}  // namespace
}  // namespace flypin::core
