#include "emulators/github/store/deployment_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/crypto.h"

namespace flypin::emulators::github {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::system_clock;

const std::string kSha = "0123456789abcdef0123456789abcdef01234567";
const std::string kOtherSha = "fedcba9876543210fedcba9876543210fedcba98";

class DeploymentStoreTest : public ::testing::Test {
 protected:
  StoreConfig config() {
    StoreConfig c;
    c.repositories = {"Octo/App", "octo/other"};
    c.refs = {{"main", kSha}};
    return c;
  }

  long long repo() { return store.find(RepoSelector{"octo", "app", 0})->id; }

  Deployment deploy(const std::string& environment, bool transient = false) {
    NewDeployment d;
    d.ref = "main";
    d.environment = environment;
    d.transient_environment = transient;
    return store.create(repo(), d, kSha);
  }

  std::string status(const Deployment& d, const std::string& state, bool auto_inactive = true) {
    NewStatus s;
    s.state = state;
    s.auto_inactive = auto_inactive;
    return store.add_status(repo(), d.id, s)->state;
  }

  std::string state_of(const Deployment& d) { return store.get(repo(), d.id)->latest_state(); }

  system_clock::time_point now = system_clock::time_point(seconds(1'800'000'000));
  DeploymentStore store{config(), [this] { return now; }};
};

TEST_F(DeploymentStoreTest, FindsRepositoriesCaseInsensitivelyAndById) {
  auto found = store.find(RepoSelector{"OCTO", "app", 0});
  ASSERT_TRUE(found);
  EXPECT_EQ(found->owner, "Octo") << "answers keep the configured spelling";
  EXPECT_EQ(found->name, "App");
  EXPECT_EQ(store.find(RepoSelector{"", "", found->id})->name, "App");
  EXPECT_FALSE(store.find(RepoSelector{"octo", "missing", 0}));
  EXPECT_FALSE(store.find(RepoSelector{"", "", 1}));
}

TEST_F(DeploymentStoreTest, RefsResolveToShas) {
  EXPECT_EQ(store.resolve_ref(repo(), "main"), kSha);
  EXPECT_EQ(store.resolve_ref(repo(), kOtherSha), kOtherSha);
  EXPECT_FALSE(store.resolve_ref(repo(), "feature"));
  EXPECT_FALSE(store.resolve_ref(repo(), "0123456"));
  ASSERT_TRUE(store.seed_ref("octo/app", "v1.0.0", kOtherSha));
  EXPECT_EQ(store.resolve_ref(repo(), "v1.0.0"), kOtherSha);
  EXPECT_FALSE(store.seed_ref("octo/missing", "x", kSha));
}

TEST_F(DeploymentStoreTest, CreatesWithIdsAbove32BitsAndDocumentedFields) {
  const auto d = deploy("production");
  EXPECT_GT(d.id, 2147483647LL);
  EXPECT_EQ(d.sha, kSha);
  EXPECT_EQ(d.ref, "main");
  EXPECT_TRUE(d.production_environment) << "production is the default for the environment named production";
  EXPECT_EQ(d.original_environment, "production");
  EXPECT_EQ(d.created_at, "2027-01-15T08:00:00Z");
  EXPECT_FALSE(deploy("staging").production_environment);
}

TEST_F(DeploymentStoreTest, ListsNewestFirstWithExactFilters) {
  const auto a = deploy("staging");
  NewDeployment other;
  other.ref = kOtherSha;
  other.task = "deploy:migrations";
  other.environment = "production";
  const auto b = store.create(repo(), other, kOtherSha);
  const auto c = deploy("production");
  auto all = store.list(repo(), {});
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id, c.id);
  EXPECT_EQ(all[2].id, a.id);
  EXPECT_EQ(store.list(repo(), {.environment = "production"}).size(), 2u);
  EXPECT_EQ(store.list(repo(), {.sha = kOtherSha})[0].id, b.id);
  EXPECT_EQ(store.list(repo(), {.ref = "main"}).size(), 2u);
  EXPECT_EQ(store.list(repo(), {.task = "deploy:migrations"}).size(), 1u);
  EXPECT_TRUE(store.list(repo(), {.environment = "Production"}).empty());
  EXPECT_TRUE(store.list(store.find(RepoSelector{"octo", "other", 0})->id, {}).empty()) << "per repository";
}

TEST_F(DeploymentStoreTest, SuccessInactivatesEarlierSuccessfulDeploymentsOfTheSameEnvironment) {
  const auto transient = deploy("supabase-x", true);
  status(transient, "success");
  const auto old_success = deploy("supabase-x");
  status(old_success, "success");
  const auto old_failure = deploy("supabase-x");
  status(old_failure, "failure");
  const auto elsewhere = deploy("other-env");
  status(elsewhere, "success");
  const auto current = deploy("supabase-x");
  status(current, "in_progress");
  EXPECT_EQ(state_of(old_success), "success") << "only success inactivates";
  status(current, "success");

  EXPECT_EQ(state_of(old_success), "inactive");
  EXPECT_EQ(store.statuses(repo(), old_success.id)->size(), 2u);
  EXPECT_EQ(state_of(old_failure), "failure");
  EXPECT_EQ(state_of(transient), "success") << "transient environments are left alone";
  EXPECT_EQ(state_of(elsewhere), "success");
  EXPECT_EQ(state_of(current), "success");
}

TEST_F(DeploymentStoreTest, ProductionDeploymentsAreNotInactivatedUnlessTheVariantSaysSo) {
  const auto first = deploy("production");
  status(first, "success");
  const auto second = deploy("production");
  status(second, "success");
  EXPECT_EQ(state_of(first), "success") << "the docs: non-production environment deployments become inactive";

  auto c = config();
  c.auto_inactive_scope = AutoInactiveScope::kProductionToo;
  DeploymentStore too{c, [this] { return now; }};
  const auto repo_id = too.find(RepoSelector{"octo", "app", 0})->id;
  NewDeployment d;
  d.ref = "main";
  d.environment = "production";
  NewStatus success;
  success.state = "success";
  const auto a = too.create(repo_id, d, kSha);
  too.add_status(repo_id, a.id, success);
  const auto b = too.create(repo_id, d, kSha);
  too.add_status(repo_id, b.id, success);
  EXPECT_EQ(too.get(repo_id, a.id)->latest_state(), "inactive");
}

TEST_F(DeploymentStoreTest, ALaterSuccessOfAnOlderDeploymentLeavesNewerOnes) {
  const auto older = deploy("env");
  const auto newer = deploy("env");
  status(newer, "success");
  status(older, "success");
  EXPECT_EQ(state_of(newer), "success");
  EXPECT_EQ(state_of(older), "success");
}

TEST_F(DeploymentStoreTest, AutoInactiveFalseLeavesEarlierDeployments) {
  const auto first = deploy("env");
  status(first, "success");
  status(deploy("env"), "success", false);
  EXPECT_EQ(state_of(first), "success");
}

TEST_F(DeploymentStoreTest, AStatusEnvironmentMovesTheDeployment) {
  const auto d = deploy("staging");
  NewStatus moved;
  moved.state = "queued";
  moved.environment = "production";
  EXPECT_EQ(store.add_status(repo(), d.id, moved)->environment, "production");
  NewStatus next;
  next.state = "success";
  EXPECT_EQ(store.add_status(repo(), d.id, next)->environment, "production") << "the previous status's environment";
  const auto after = store.get(repo(), d.id);
  EXPECT_EQ(after->environment, "production");
  EXPECT_EQ(after->original_environment, "staging");
}

TEST_F(DeploymentStoreTest, DeferredInactivationWaitsForItsTime) {
  store.set_auto_inactive_delay(milliseconds(1500));
  const auto first = deploy("env");
  status(first, "success");
  status(deploy("env"), "success");
  EXPECT_EQ(state_of(first), "success") << "GitHub inactivates in a background job";
  now += milliseconds(1499);
  EXPECT_EQ(state_of(first), "success");
  now += milliseconds(1);
  EXPECT_EQ(state_of(first), "inactive");
}

TEST_F(DeploymentStoreTest, OnlyInactiveDeploymentsMayBeDeletedUnlessAloneInTheirEnvironment) {
  const auto alone = deploy("solo");
  status(alone, "success");
  EXPECT_EQ(store.remove(repo(), alone.id), DeleteResult::kDeleted);
  EXPECT_EQ(store.remove(repo(), alone.id), DeleteResult::kNotFound);
  const auto first = deploy("env");
  status(first, "success");
  const auto second = deploy("env");
  EXPECT_EQ(store.remove(repo(), first.id), DeleteResult::kActive);
  status(second, "success");
  EXPECT_EQ(store.remove(repo(), second.id), DeleteResult::kActive);
  EXPECT_EQ(store.remove(repo(), first.id), DeleteResult::kDeleted) << "inactive once the second succeeded";
}

TEST_F(DeploymentStoreTest, StatusesAreNewestFirstAndMissingDeploymentsAreNullopt) {
  const auto d = deploy("env");
  status(d, "queued");
  status(d, "in_progress");
  auto listed = store.statuses(repo(), d.id);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].state, "in_progress");
  EXPECT_GT((*listed)[0].id, (*listed)[1].id);
  EXPECT_FALSE(store.statuses(repo(), 42));
  EXPECT_FALSE(store.add_status(repo(), 42, NewStatus{"success"}));
  EXPECT_FALSE(store.statuses(store.find(RepoSelector{"octo", "other", 0})->id, d.id)) << "per repository";
}

TEST_F(DeploymentStoreTest, ResetForgetsDeploymentsAndSeededRefs) {
  deploy("env");
  store.seed_ref("octo/app", "feature", kOtherSha);
  store.seed_commit_status("octo/app", kSha, "ci", "failure");
  store.reset();
  EXPECT_TRUE(store.list(repo(), {}).empty());
  EXPECT_FALSE(store.resolve_ref(repo(), "feature"));
  EXPECT_EQ(store.resolve_ref(repo(), "main"), kSha);
  EXPECT_TRUE(store.commit_statuses(repo(), kSha).empty());
}

TEST(DeploymentStoreFile, KeepsEverythingAcrossInstances) {
  const auto path = std::filesystem::temp_directory_path() / ("flypin-github-state-" + core::random_hex(8) + ".json");
  StoreConfig config;
  config.repositories = {"octo/app"};
  config.state_file = path.string();
  long long first_id = 0;
  {
    DeploymentStore store(config);
    const long long repo = store.find(RepoSelector{"octo", "app", 0})->id;
    store.seed_ref("octo/app", "main", kSha);
    store.seed_commit_status("octo/app", kSha, "ci/build", "success");
    NewDeployment d;
    d.ref = "main";
    d.payload = R"({"image":"registry/app@sha256:abc"})";
    d.description = std::nullopt;
    first_id = store.create(repo, d, kSha).id;
    store.add_status(repo, first_id, NewStatus{"success", "done", "https://log", "https://env"});
    EXPECT_EQ(store.last_error(), "");
  }
  DeploymentStore reloaded(config);
  const long long repo = reloaded.find(RepoSelector{"octo", "app", 0})->id;
  EXPECT_EQ(reloaded.resolve_ref(repo, "main"), kSha);
  EXPECT_EQ(reloaded.commit_statuses(repo, kSha).at("ci/build"), "success");
  auto d = reloaded.get(repo, first_id);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->payload, R"({"image":"registry/app@sha256:abc"})");
  EXPECT_FALSE(d->description);
  ASSERT_EQ(d->statuses.size(), 1u);
  EXPECT_EQ(d->statuses[0].log_url, "https://log");
  NewDeployment next;
  next.ref = "main";
  EXPECT_GT(reloaded.create(repo, next, kSha).id, first_id) << "ids keep counting";
  std::filesystem::remove(path);
}

TEST(DeploymentStoreFile, ABrokenFileIsReportedAndIgnored) {
  const auto path = std::filesystem::temp_directory_path() / ("flypin-github-state-" + core::random_hex(8) + ".json");
  { std::ofstream(path) << "not json"; }
  StoreConfig config;
  config.repositories = {"octo/app"};
  config.state_file = path.string();
  DeploymentStore store(config);
  EXPECT_NE(store.last_error().find("not valid emulator state"), std::string::npos);
  EXPECT_TRUE(store.list(store.find(RepoSelector{"octo", "app", 0})->id, {}).empty());
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace flypin::emulators::github
