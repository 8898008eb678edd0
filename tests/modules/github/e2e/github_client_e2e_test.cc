// github::Client against flypin-github-emulator: what pin-image will record and
// read back, with GitHub's permissions, pagination, rate limits and faults.

#include <gtest/gtest.h>

#include <memory>

#include "core/clock.h"
#include "core/curl_http_client.h"
#include "github/client.h"
#include "support/doubles/fake_clock.h"
#include "support/launchers/github_emulator.h"

namespace flypin::github {
namespace {

using e2e::GitHubEmulator;

class GitHubClientE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { emulator_ = std::make_unique<GitHubEmulator>(); }
  static void TearDownTestSuite() { emulator_.reset(); }
  void SetUp() override { emulator_->reset(); }

  Client client(const std::string& token = e2e::kGitHubWriteToken) {
    return Client(http_, clock_, {.api_url = emulator_->url(), .repository = e2e::kGitHubRepository, .token = token});
  }
  NewDeployment pin(const std::string& environment, const std::string& image) {
    NewDeployment d{.ref = e2e::kGitHubSha, .environment = environment, .description = "pin " + image};
    d.payload.add("image", image).add("build_time", 1764547200000LL);
    return d;
  }

  static std::unique_ptr<GitHubEmulator> emulator_;
  core::CurlHttpClient http_;
  doubles::FakeClock clock_;
};

std::unique_ptr<GitHubEmulator> GitHubClientE2E::emulator_;

TEST_F(GitHubClientE2E, RecordsAPinAndReadsItBack) {
  auto c = client();
  auto created = c.create_deployment(pin("supabase-abc", "r/app:deployment-01KBBKB1000000000000000000"));
  ASSERT_TRUE(created.ok()) << created.error().describe();
  EXPECT_GT(created->id, 3'000'000'000LL);
  EXPECT_EQ(created->sha, e2e::kGitHubSha);
  EXPECT_EQ(created->environment, "supabase-abc");
  EXPECT_EQ(created->payload.at("image"), "r/app:deployment-01KBBKB1000000000000000000");

  ASSERT_TRUE(c.create_status(created->id, {.state = DeploymentState::kInProgress, .log_url = "https://run/1"}).ok());
  auto done = c.create_status(created->id, {.state = DeploymentState::kSuccess,
                                            .log_url = "https://run/1",
                                            .environment_url = "https://supabase.com/dashboard/project/abc"});
  ASSERT_TRUE(done.ok()) << done.error().describe();
  EXPECT_EQ(done->state, DeploymentState::kSuccess);

  auto statuses = c.list_statuses(created->id);
  ASSERT_TRUE(statuses.ok()) << statuses.error().describe();
  ASSERT_EQ(statuses->size(), 2u);
  EXPECT_EQ((*statuses)[0].state, DeploymentState::kSuccess) << "latest first";
  EXPECT_EQ((*statuses)[0].log_url, "https://run/1");
  EXPECT_EQ((*statuses)[1].state, DeploymentState::kInProgress);

  auto listed = c.list_deployments({.environment = "supabase-abc"});
  ASSERT_TRUE(listed.ok()) << listed.error().describe();
  ASSERT_EQ(listed->deployments.size(), 1u);
  EXPECT_EQ(listed->deployments[0].payload.at("image"), "r/app:deployment-01KBBKB1000000000000000000");

  auto other = c.list_deployments({.environment = "supabase-other"});
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->deployments.empty());

  for (const auto& seen : emulator_->requests()) {
    EXPECT_TRUE(core::iequals(seen.auth_scheme, "Bearer")) << seen.path << ": " << seen.auth_scheme;
    EXPECT_EQ(seen.headers.at("x-github-api-version"), "2022-11-28");
    EXPECT_EQ(seen.headers.at("accept"), "application/vnd.github+json");
    EXPECT_FALSE(seen.headers.at("user-agent").empty());
  }
}

TEST_F(GitHubClientE2E, SuccessInactivatesTheEarlierPin) {
  auto c = client();
  auto first = c.create_deployment(pin("supabase-abc", "r/app:one"));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(c.create_status(first->id, {.state = DeploymentState::kSuccess}).ok());
  auto second = c.create_deployment(pin("supabase-abc", "r/app:two"));
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(c.create_status(second->id, {.state = DeploymentState::kSuccess}).ok());

  auto history = c.list_deployments({.environment = "supabase-abc", .sha = e2e::kGitHubSha});
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->deployments.size(), 2u);
  EXPECT_EQ(history->deployments[0].id, second->id) << "newest first";
  auto earlier = c.list_statuses(first->id);
  ASSERT_TRUE(earlier.ok());
  EXPECT_EQ(earlier->front().state, DeploymentState::kInactive);
}

TEST_F(GitHubClientE2E, FollowsLinkPagesUpToTheCap) {
  auto c = client();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(c.create_deployment(pin("paged", "r/app:" + std::to_string(i))).ok());
  auto all = c.list_deployments({.environment = "paged", .per_page = 2});
  ASSERT_TRUE(all.ok()) << all.error().describe();
  EXPECT_EQ(all->deployments.size(), 5u);
  EXPECT_EQ(all->more, MorePages::kNo);
  EXPECT_GT(all->deployments.front().id, all->deployments.back().id);

  auto capped = c.list_deployments({.environment = "paged", .per_page = 2, .max_pages = 2});
  ASSERT_TRUE(capped.ok());
  EXPECT_EQ(capped->deployments.size(), 4u);
  EXPECT_EQ(capped->more, MorePages::kYes);
}

TEST_F(GitHubClientE2E, TokensWithoutWritePermissionAreTheirOwnProblem) {
  for (const char* token : {e2e::kGitHubReadToken, e2e::kGitHubNoDeploymentsToken}) {
    auto created = client(token).create_deployment(pin("supabase-abc", "r/app:x"));
    ASSERT_FALSE(created.ok());
    EXPECT_EQ(problem_of(created.error()), Problem::kNoPermission) << created.error().describe();
    EXPECT_EQ(created.error().http_status, 403);
    EXPECT_NE(created.error().message.find("Resource not accessible by integration"), std::string::npos)
        << created.error().message;
    EXPECT_EQ(created.error().describe().find(token), std::string::npos);
  }
  auto bad = client("ghs_notAToken").list_deployments({});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(problem_of(bad.error()), Problem::kUnauthorized);
}

TEST_F(GitHubClientE2E, SecondaryRateLimitIsWaitedOut) {
  emulator_->secondary_rate_limit(1, 403, 30);
  auto listed = client().list_deployments({});
  ASSERT_TRUE(listed.ok()) << listed.error().describe();
  EXPECT_EQ(clock_.slept(), std::chrono::seconds(30));
  emulator_->secondary_rate_limit(1, 429, 0);
  ASSERT_TRUE(client().list_deployments({}).ok());
}

TEST_F(GitHubClientE2E, PrimaryRateLimitPastTheBoundIsAnErrorAtOnce) {
  emulator_->primary_rate_limit(1, 3600);
  auto c = client();
  ASSERT_TRUE(c.list_deployments({}).ok());
  const auto before = emulator_->requests().size();
  auto listed = c.list_deployments({});
  ASSERT_FALSE(listed.ok());
  EXPECT_EQ(problem_of(listed.error()), Problem::kRateLimited) << listed.error().describe();
  EXPECT_EQ(emulator_->requests().size(), before + 1);
}

TEST_F(GitHubClientE2E, CreateRefusedWith502IsSentAgainOnceAndRecordedOnce) {
  emulator_->inject_fault(R"({"path_prefix":"/repos","method":"POST","status":502,"count":1})");
  auto created = client().create_deployment(pin("faulty", "r/app:x"));
  ASSERT_TRUE(created.ok()) << created.error().describe();
  auto listed = client().list_deployments({.environment = "faulty"});
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->deployments.size(), 1u);
}

}  // namespace
}  // namespace flypin::github
