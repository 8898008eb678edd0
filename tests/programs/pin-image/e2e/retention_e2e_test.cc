// What is pinned stays bootable (issue 23), end to end: the real pin-image
// against Debian's docker-registry, the Fly emulator (keepers), the Supabase
// and GitHub Deployments emulators, and the sweep that models Fly's registry
// pruning (support/launchers/registry_sweep.h). Five pins with --keep 3, the
// sweep, --status and --rollback; then --keep 0.

#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "support/launchers/fly_keepers.h"
#include "support/launchers/local_stack.h"
#include "support/launchers/program_json.h"
#include "support/launchers/registry_sweep.h"

namespace flypin::e2e {
namespace {

using namespace std::chrono_literals;

constexpr const char* kProject = "abcdefghijklmnopqrst";
constexpr const char* kSupabaseToken = "sbp_CANARY_retention_7a1c9e3b5d";
constexpr const char* kFlyToken = "fo1_CANARY_retention_2b4d6f8a0c";
constexpr const char* kApp = "flypin-users";
// Five builds, oldest first (their ULIDs' times increase).
const std::vector<std::string> kTags = {
    "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D", "deployment-01JE7W5Q9R2M4X8Y6Z0A1B2C3D",
    "deployment-01JF7W5Q9R2M4X8Y6Z0A1B2C3D", "deployment-01JG7W5Q9R2M4X8Y6Z0A1B2C3D",
    "deployment-01JH7W5Q9R2M4X8Y6Z0A1B2C3D"};

std::unique_ptr<LocalStack> stack;

class RetentionE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack = std::make_unique<LocalStack>(LocalStackOptions{
        .supabase_token = kSupabaseToken, .project = kProject, .fly_tokens = {kFlyToken}, .fly_apps = {kApp}});
  }
  static void TearDownTestSuite() { stack.reset(); }

  // Five distinct manifests (a label each), so that deleting one deletes no other.
  static void push_all() {
    for (size_t i = 0; i < kTags.size(); ++i) {
      testbed::ImageSpec spec;
      spec.labels = {{"flypin.test.build", std::to_string(i)}};
      stack->registry().push_image("team/app", kTags[i], spec);
    }
  }

  static std::string image(size_t i) { return stack->registry().host() + "/team/app:" + kTags.at(i); }
  static std::string live() { return stack->supabase().secret_value(kProject, "DOCKER_IMAGE"); }
  std::map<std::string, std::string> env() const {
    return stack->step_env({.summary_file = dir_.file("summary"), .run_id = "2323"});
  }

  ProgramRun pin_image(std::vector<std::string> args) {
    args.insert(args.end(), {"--project-ref", kProject});
    auto run = run_program("pin-image", args, env());
    EXPECT_EQ(stack->leaked(run), std::vector<std::string>{});
    return run;
  }

  // The images the app's keepers reference; none of them ever ran or was made
  // otherwise. Keepers pin-image released are awaited until destroyed: the
  // sweep, like Fly's registry, spares what a machine not yet destroyed names.
  static std::multiset<std::string> keepers() {
    auto census = keeper_census(stack->fly(), kApp);
    for (const auto& id : census.releasing) {
      std::string last;
      EXPECT_TRUE(stack->fly().poll(
          id,
          [](const rapidjson::Document& m) {
            return m.IsObject() && m.HasMember("state") && m["state"] == "destroyed";
          },
          10s, &last))
          << "released keeper " << id << " not destroyed: " << last;
    }
    EXPECT_EQ(census.problems, std::vector<std::string>{});
    return census.kept;
  }

  testbed::TempDir dir_{"flypin-retention-e2e"};
};

TEST_F(RetentionE2E, FivePinsKeepThreeTheSweepTakesTheOldestAndKeepZeroTakesAllButWhatUsersRun) {
  push_all();
  // A user's machine of the app runs the second pin (it never followed the later ones).
  const std::string user = stack->fly().create(R"({"image":")" + image(1) +
                                                   R"(","guest":{"cpu_kind":"shared","cpus":1,"memory_mb":256},)"
                                                   R"("metadata":{"role":"user"}})",
                                               R"(,"skip_launch":true)");
  for (size_t i = 0; i < kTags.size(); ++i) {
    auto run = pin_image({"--image", image(i), "--keep", "3", "--json"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(json_int(run.out, "keeper-warnings"), 0) << "a number, none: " << run.out;
  }
  EXPECT_EQ(live(), image(4));
  EXPECT_EQ(keepers(), (std::multiset<std::string>{image(1), image(2), image(3), image(4)}));

  auto swept = sweep_registry(stack->registry(), stack->fly().api_url(), "team/app");
  ASSERT_EQ(swept.exit_code, 0) << swept.err;
  EXPECT_EQ(swept.pruned, std::vector<std::string>{image(0)});

  auto status = pin_image({"--status", "--json", "--keep", "3", "--fail-if-missing"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(json_field(status.out, "previous-images"),
            image(3) + " exists\n" + image(2) + " exists\n" + image(1) + " exists\n" + image(0) + " gone\n");
  EXPECT_EQ(json_field(status.out, "live-platform"), "present");
  EXPECT_EQ(json_field(status.out, "missing"), "");
  EXPECT_EQ(json_field(status.out, "unkept"), "");
  const auto summary = testbed::read_file(dir_.file("summary"));
  EXPECT_NE(summary.find("| platform `linux/amd64` | present |"), std::string::npos) << summary;
  // Four rollback targets asked for: the oldest is gone, named, exit 1.
  auto four = pin_image({"--status", "--keep", "4", "--fail-if-missing"});
  EXPECT_EQ(four.exit_code, 1) << four.err;
  EXPECT_NE(four.err.find("gone from the registry"), std::string::npos) << four.err;
  EXPECT_NE(four.err.find("rollback target " + image(0)), std::string::npos) << four.err;

  // --keep 0: only the live image keeps a keeper; the sweep leaves it and what the user's machine runs.
  auto zero = pin_image({"--image", image(4), "--keep", "0"});
  ASSERT_EQ(zero.exit_code, 0) << zero.err;
  EXPECT_EQ(keepers(), (std::multiset<std::string>{image(4)}));
  swept = sweep_registry(stack->registry(), stack->fly().api_url(), "team/app");
  ASSERT_EQ(swept.exit_code, 0) << swept.err;
  EXPECT_EQ(swept.pruned, (std::vector<std::string>{image(2), image(3)}));
  EXPECT_EQ(swept.kept, (std::vector<std::string>{image(1), image(4)}));

  auto watch = pin_image({"--status", "--keep", "3", "--fail-if-missing", "--json"});
  EXPECT_EQ(watch.exit_code, 1) << watch.err;
  EXPECT_NE(watch.err.find("rollback target " + image(3)), std::string::npos) << watch.err;
  EXPECT_NE(watch.err.find("rollback target " + image(2)), std::string::npos) << watch.err;
  EXPECT_EQ(watch.err.find("rollback target " + image(1)), std::string::npos) << watch.err;
  EXPECT_EQ(json_field(watch.out, "unkept"), image(3) + "\n" + image(2) + "\n" + image(1) + "\n");

  // --rollback skips every pin that is gone and goes back to the one a user's machine kept.
  auto back = pin_image({"--rollback"});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_NE(back.err.find("skipping " + image(3)), std::string::npos) << back.err;
  EXPECT_NE(back.err.find("skipping " + image(2)), std::string::npos) << back.err;
  EXPECT_EQ(live(), image(1));
  // The user's machine was never touched (still there, still on its image), and no keeper ever ran.
  EXPECT_EQ(stack->fly().call("GET", std::string("/v1/apps/") + kApp + "/machines/" + user).status, 200);
  const auto census = keeper_census(stack->fly(), kApp);
  EXPECT_EQ(census.problems, std::vector<std::string>{});
  EXPECT_EQ(census.others, std::multiset<std::string>{image(1)});
}

TEST_F(RetentionE2E, BadInputExitsTwoWithOneLineAndNoRequest) {
  const int before = stack->fly().requests_seen();
  const size_t registry_before = stack->registry().requests_seen();
  const std::vector<std::vector<std::string>> bad = {
      {"--image", image(4), "--keep", "many"},
      {"--image", image(4), "--keep", "21"},
      {"--image", image(4), "--fail-if-missing"},
      {"--image", image(4), "--keeper-app", kApp},
      {"--image", image(4), "--keep", "2", "--keeper-app", "Not_An_App"},
      {"--image", image(4), "--keep", "2", "--check-only"},
      {"--status", "--keep", "-3"},
  };
  for (const auto& args : bad) {
    auto run = pin_image(args);
    EXPECT_EQ(run.exit_code, 2) << args[2] << ": " << run.err;
    EXPECT_EQ(lines(run.err).size(), 1u) << run.err;
  }
  // No token: --keep cannot make keepers.
  auto e = env();
  e.erase("FLY_API_TOKEN");
  auto run = run_program("pin-image", {"--image", image(4), "--keep", "2", "--project-ref", kProject}, e);
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("FLY_API_TOKEN"), std::string::npos) << run.err;
  EXPECT_EQ(stack->fly().requests_seen(), before);
  EXPECT_EQ(stack->registry().requests_seen(), registry_before);
}

}  // namespace
}  // namespace flypin::e2e
