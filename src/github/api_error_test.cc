#include "github/api_error.h"

#include <gtest/gtest.h>

namespace flypin::github {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::int64_t kNow = 1'800'000'000;

core::HttpResponse answer(int status, core::Headers headers, std::string body = "") {
  return {.status = status, .headers = std::move(headers), .body = std::move(body)};
}

const core::HttpRequest kRequest{
    .method = "POST", .url = "https://api.github.com/repos/o/r/deployments", .api = kApiName};

TEST(GitHubRateLimit, RetryAfterWins) {
  EXPECT_EQ(rate_limit_wait(answer(403, {{"Retry-After", "30"}, {"x-ratelimit-remaining", "10"}}), kNow),
            milliseconds(seconds(30)));
  EXPECT_EQ(rate_limit_wait(answer(429, {{"retry-after", "5"}}), kNow), milliseconds(seconds(5)));
}

TEST(GitHubRateLimit, PrimaryLimitWaitsUntilReset) {
  auto res = answer(403, {{"x-ratelimit-remaining", "0"}, {"x-ratelimit-reset", std::to_string(kNow + 42)}},
                    R"({"message":"API rate limit exceeded for installation ID 1."})");
  EXPECT_EQ(rate_limit_wait(res, kNow), milliseconds(seconds(42)));
}

TEST(GitHubRateLimit, SecondaryLimitWithoutHeadersWaitsAMinute) {
  auto res = answer(403, {{"x-ratelimit-remaining", "4000"}},
                    R"({"message":"You have exceeded a secondary rate limit. Please wait a few minutes."})");
  EXPECT_EQ(rate_limit_wait(res, kNow), milliseconds(seconds(60)));
  EXPECT_EQ(rate_limit_wait(answer(429, {}), kNow), milliseconds(seconds(60)));
}

TEST(GitHubRateLimit, PermissionRefusalIsNoRateLimit) {
  auto res = answer(403, {{"x-ratelimit-remaining", "999"}, {"x-ratelimit-reset", std::to_string(kNow + 3600)}},
                    R"({"message":"Resource not accessible by integration"})");
  EXPECT_EQ(rate_limit_wait(res, kNow), std::nullopt);
  EXPECT_EQ(rate_limit_wait(answer(500, {{"Retry-After", "1"}}), kNow), std::nullopt);
}

TEST(GitHubApiError, NoWritePermissionIsItsOwnProblem) {
  auto res = answer(403, {{"x-ratelimit-remaining", "999"}},
                    R"({"message":"Resource not accessible by integration",
                        "documentation_url":"https://docs.github.com/rest/deployments/deployments#create-a-deployment"})");
  auto e = api_error(kRequest, res, "creating a deployment", "GITHUB_TOKEN", Access::kWrite);
  EXPECT_EQ(problem_of(e), Problem::kNoPermission);
  EXPECT_EQ(e.http_status, 403);
  EXPECT_NE(e.message.find("deployments: write"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("Resource not accessible by integration"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("https://docs.github.com/rest/deployments/deployments#create-a-deployment"),
            std::string::npos)
      << e.message;
  EXPECT_NE(e.message.find("GITHUB_TOKEN"), std::string::npos);
}

TEST(GitHubApiError, OtherProblems) {
  EXPECT_EQ(problem_of(api_error(kRequest, answer(401, {}, R"({"message":"Bad credentials"})"), "x", "GITHUB_TOKEN",
                                 Access::kRead)),
            Problem::kUnauthorized);
  EXPECT_EQ(problem_of(api_error(kRequest, answer(404, {}), "x", "GITHUB_TOKEN", Access::kRead)), Problem::kNotFound);
  EXPECT_EQ(problem_of(api_error(kRequest, answer(422, {}), "x", "GITHUB_TOKEN", Access::kWrite)), Problem::kInvalid);
  EXPECT_EQ(problem_of(api_error(kRequest, answer(403, {{"retry-after", "9"}}), "x", "GITHUB_TOKEN", Access::kWrite)),
            Problem::kRateLimited);
  EXPECT_EQ(problem_of(api_error(kRequest, answer(502, {}), "x", "GITHUB_TOKEN", Access::kWrite)), Problem::kOther);
  EXPECT_EQ(problem_of(core::Error::internal("x")), Problem::kOther);
}

}  // namespace
}  // namespace flypin::github
