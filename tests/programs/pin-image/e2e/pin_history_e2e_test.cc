// pin-image knows what is live, end to end: the real program against
// Debian's docker-registry, the Supabase secrets emulator and the GitHub
// Deployments emulator. Races, re-runs, --allow-older, --status (from the
// history and, with no token, from the tag list), --rollback, a 403 from
// GitHub, and another writer winning right after the write.

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "core/curl_http_client.h"
#include "core/json.h"
#include "support/launchers/local_stack.h"
#include "support/launchers/program_json.h"

namespace flypin::e2e {
namespace {

constexpr const char* kProject = "abcdefghijklmnopqrst";
constexpr const char* kSupabaseToken = "sbp_CANARY_history_5e1d0c3b2a";
// Built one after the other: the ULID times are 2024-11-21 and 2024-12-29.
const std::string kOlderTag = "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D";
const std::string kNewerTag = "deployment-01JG9B3K7N5P2Q4R6S8T0V1W2X";
const std::string kOldSha = "0123456789abcdef0123456789abcdef01234567";

std::unique_ptr<LocalStack> stack;
std::string index_digest;  // team/multi: amd64 and arm64, built (config `created`) today

class PinHistoryE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    stack = std::make_unique<LocalStack>(LocalStackOptions{.supabase_token = kSupabaseToken, .project = kProject});
    stack->registry().push_image("team/app", kOlderTag);
    stack->registry().push_image("team/app", kNewerTag);
    testbed::ImageSpec amd64, arm64;
    arm64.architecture = "arm64";
    index_digest = stack->registry().push_index("team/multi", "v1", {amd64, arm64}).digest;
  }
  static void TearDownTestSuite() { stack.reset(); }
  void SetUp() override {
    stack->supabase().reset();
    stack->github().reset();
  }

  static std::string image(const std::string& tag) { return stack->registry().host() + "/team/app:" + tag; }

  // A workflow step's environment; no GitHub token at all with token "".
  std::map<std::string, std::string> env(const std::string& token = kGitHubWriteToken,
                                         const std::string& sha = kGitHubSha, const std::string& run_id = "4242") {
    return stack->step_env({.summary_file = dir_.file("summary"), .github_token = token, .sha = sha, .run_id = run_id});
  }

  ProgramRun pin_image(std::vector<std::string> args, const std::map<std::string, std::string>& environment) {
    args.insert(args.end(), {"--project-ref", kProject});
    auto run = run_program("pin-image", args, environment);
    EXPECT_EQ(stack->leaked(run), std::vector<std::string>{});
    return run;
  }
  ProgramRun pin(const std::string& tag, const std::map<std::string, std::string>& environment,
                 std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), {"--image", image(tag)});
    return pin_image(extra, environment);
  }

  static std::string live() { return stack->supabase().secret_value(kProject, "DOCKER_IMAGE"); }

  // Deployments created, and statuses set to `state`, as the GitHub emulator saw them.
  static int github_posts(const std::string& path_end, const std::string& body_part = "") {
    int n = 0;
    for (const auto& seen : stack->github().requests()) {
      if (seen.method == "POST" && seen.status == 201 && seen.path.ends_with(path_end) &&
          seen.body.find(body_part) != std::string::npos)
        ++n;
    }
    return n;
  }

  // A pin as an older pin-image recorded it: a deployment whose payload has no build_time.
  static void record_pin_without_build_time(const std::string& pinned) {
    core::CurlHttpClient http;
    auto post = [&](const std::string& path, const std::string& body) {
      core::HttpRequest req{.method = "POST", .url = stack->github().url() + "/repos/" + kGitHubRepository + path};
      req.headers.add("Authorization", std::string("Bearer ") + kGitHubWriteToken);
      req.headers.add("Accept", "application/vnd.github+json");
      req.headers.add("X-GitHub-Api-Version", "2022-11-28");
      req.headers.add("Content-Type", "application/json");
      req.body = body;
      auto answer = http.send(req);
      if (!answer.ok() || answer->status != 201) throw std::runtime_error("seeding a deployment failed: " + path);
      return answer->body;
    };
    core::json::FlatObject payload;
    payload.add("image", pinned).add("secret_name", "DOCKER_IMAGE").add("project_ref", kProject);
    core::json::FlatObject deployment;
    deployment.add("ref", kOldSha).add("environment", std::string("supabase-") + kProject);
    deployment.add("auto_merge", false).add("payload", payload);
    auto created = core::json::parse(post("/deployments", deployment.str()), "deployment");
    if (!created.ok()) throw std::runtime_error("seeding a deployment: no JSON answer");
    const auto id = core::json::get_int(*created, "id").value_or(0);
    post("/deployments/" + std::to_string(id) + "/statuses", R"({"state":"success"})");
  }

  testbed::TempDir dir_{"flypin-pin-history-e2e"};
};

TEST_F(PinHistoryE2E, RacingRunsTheNewerPinsAndTheOlderIsRefused) {
  auto newer = pin(kNewerTag, env());
  ASSERT_EQ(newer.exit_code, 0) << newer.err;
  auto older = pin(kOlderTag, env(kGitHubWriteToken, kOldSha, "4241"));
  EXPECT_EQ(older.exit_code, 1) << older.err;
  EXPECT_NE(older.err.find("refusing to pin: " + image(kOlderTag) + " (built 2024-11-21T"), std::string::npos)
      << older.err;
  EXPECT_NE(older.err.find("the live image " + image(kNewerTag) + " (built 2024-12-29T"), std::string::npos)
      << older.err;
  EXPECT_EQ(live(), image(kNewerTag));
  EXPECT_EQ(stack->supabase().api_requests("POST"), 1);
  // The newer pin is recorded: one deployment, in_progress then success, with the run's URL.
  EXPECT_EQ(github_posts("/deployments"), 1);
  EXPECT_EQ(github_posts("/statuses", "\"in_progress\""), 1);
  EXPECT_EQ(github_posts("/statuses", "\"success\""), 1);
  EXPECT_EQ(github_posts("/statuses", "/flypin-e2e/app/actions/runs/4242"), 2);
}

TEST_F(PinHistoryE2E, ReRunOfAnOldWorkflowIsRefusedWithoutAToken) {
  ASSERT_EQ(pin(kOlderTag, env("")).exit_code, 0);
  auto newer = pin(kNewerTag, env(""));
  ASSERT_EQ(newer.exit_code, 0) << newer.err;
  EXPECT_NE(newer.err.find("GITHUB_TOKEN is not set: this pin is not recorded"), std::string::npos) << newer.err;
  // The re-run knows the live image from the registry's tag list alone.
  auto rerun = pin(kOlderTag, env(""));
  EXPECT_EQ(rerun.exit_code, 1) << rerun.err;
  EXPECT_NE(rerun.err.find("is older than the live image " + image(kNewerTag)), std::string::npos) << rerun.err;
  EXPECT_EQ(live(), image(kNewerTag));
}

// A digest pin of an index has no ULID: its build time is its platform
// image's config `created` (today), recorded in the history, and it guards
// against an image whose tag says it was built in 2024.
TEST_F(PinHistoryE2E, ADigestPinOfAnIndexIsDatedByItsConfig) {
  const std::string by_digest = stack->registry().host() + "/team/multi@" + index_digest;
  auto run = pin_image({"--image", by_digest, "--json"}, env());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json_field(run.out, "build-time").rfind("20", 0), 0u) << run.out;
  EXPECT_EQ(github_posts("/deployments", "\"build_time\""), 1);
  auto older = pin(kNewerTag, env());
  EXPECT_EQ(older.exit_code, 1) << older.err;
  EXPECT_NE(older.err.find("is older than the live image " + by_digest), std::string::npos) << older.err;
  EXPECT_EQ(live(), by_digest);
}

TEST_F(PinHistoryE2E, AllowOlderGoesBackOnPurpose) {
  ASSERT_EQ(pin(kNewerTag, env()).exit_code, 0);
  auto back = pin(kOlderTag, env(kGitHubWriteToken, kOldSha), {"--allow-older"});
  ASSERT_EQ(back.exit_code, 0) << back.err;
  EXPECT_EQ(live(), image(kOlderTag));
  EXPECT_EQ(github_posts("/deployments"), 2);
}

TEST_F(PinHistoryE2E, StatusNamesTheLiveImageFromTheHistory) {
  ASSERT_EQ(pin(kOlderTag, env(kGitHubWriteToken, kOldSha)).exit_code, 0);
  ASSERT_EQ(pin(kNewerTag, env()).exit_code, 0);
  auto status = pin_image({"--status", "--json"}, env(kGitHubReadToken));
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(json_field(status.out, "live-image"), image(kNewerTag));
  EXPECT_EQ(json_field(status.out, "live-commit"), kGitHubSha);
  EXPECT_EQ(json_field(status.out, "live-build-time").rfind("2024-12-29T", 0), 0u) << status.out;
  EXPECT_EQ(json_field(status.out, "live-digest").rfind("sha256:", 0), 0u) << status.out;
  EXPECT_NE(json_field(status.out, "pinned-at"), "");
  EXPECT_EQ(json_field(status.out, "previous-images"), image(kOlderTag) + " exists\n");
  EXPECT_NE(testbed::read_file(dir_.file("summary")).find("| live image | `" + image(kNewerTag)), std::string::npos);
  EXPECT_EQ(stack->supabase().api_requests("POST"), 2) << "--status writes nothing";
}

// Issue 24, "also seen": an earlier pin recorded without build_time (by an older pin-image) is
// dated by the ULID its deployment tag carries, not "unknown" nor its image config's date.
TEST_F(PinHistoryE2E, StatusDatesAnEarlierPinWithoutBuildTimeByItsTag) {
  record_pin_without_build_time(image(kOlderTag));
  ASSERT_EQ(pin(kNewerTag, env()).exit_code, 0);
  auto status = pin_image({"--status", "--json"}, env(kGitHubReadToken));
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.err.find("earlier: " + image(kOlderTag) + " (built 2024-11-21T"), std::string::npos) << status.err;
  const std::string summary = testbed::read_file(dir_.file("summary"));
  EXPECT_NE(summary.find("| 2024-11-21T"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("| unknown |"), std::string::npos) << summary;
}

TEST_F(PinHistoryE2E, StatusNamesTheLiveImageFromTheTagListWithNoToken) {
  ASSERT_EQ(pin(kNewerTag, env("")).exit_code, 0);
  auto status =
      pin_image({"--status", "--json", "--image-repository", stack->registry().host() + "/team/app"}, env(""));
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(json_field(status.out, "live-image"), image(kNewerTag));
  EXPECT_EQ(json_field(status.out, "live-commit"), "");
}

TEST_F(PinHistoryE2E, RollbackPinsThePinBeforeTheLiveOne) {
  ASSERT_EQ(pin(kOlderTag, env(kGitHubWriteToken, kOldSha)).exit_code, 0);
  ASSERT_EQ(pin(kNewerTag, env()).exit_code, 0);
  auto rollback = pin_image({"--rollback"}, env());
  ASSERT_EQ(rollback.exit_code, 0) << rollback.err;
  EXPECT_EQ(live(), image(kOlderTag));
  EXPECT_EQ(github_posts("/deployments"), 3) << "the rollback is recorded as a new deployment";
  // Now the pin before the live one is the newer image again.
  auto forward = pin_image({"--rollback"}, env());
  ASSERT_EQ(forward.exit_code, 0) << forward.err;
  EXPECT_EQ(live(), image(kNewerTag));
}

TEST_F(PinHistoryE2E, RollbackToANamedImageNeedsNoHistory) {
  ASSERT_EQ(pin(kNewerTag, env("")).exit_code, 0);
  auto rollback = pin_image({"--rollback", "--to", image(kOlderTag)}, env(""));
  ASSERT_EQ(rollback.exit_code, 0) << rollback.err;
  EXPECT_EQ(live(), image(kOlderTag));
  auto missing = pin_image(
      {"--rollback", "--to", stack->registry().host() + "/team/app:" + "deployment-01JG9B3K7N5P2Q4R6S8T0V1W2Y"},
      env(""));
  EXPECT_EQ(missing.exit_code, 1) << "a target is proven in its registry like any pin";
  EXPECT_EQ(live(), image(kOlderTag));
}

TEST_F(PinHistoryE2E, RollbackRefusesWhenNothingQualifies) {
  ASSERT_EQ(pin(kNewerTag, env()).exit_code, 0);
  auto rollback = pin_image({"--rollback"}, env());
  EXPECT_EQ(rollback.exit_code, 1) << rollback.err;
  EXPECT_NE(rollback.err.find("nothing to roll back to"), std::string::npos) << rollback.err;
  EXPECT_EQ(live(), image(kNewerTag));
}

// Fly's registry prunes images no machine references: a pin whose tag is gone
// is passed over, and the rollback goes one pin further back.
TEST_F(PinHistoryE2E, RollbackSkipsAPinWhoseImageIsGone) {
  const std::string middle = "deployment-01JF0000000000000000000000";
  stack->registry().push_image("team/app", middle);
  ASSERT_EQ(pin(kOlderTag, env(kGitHubWriteToken, kOldSha)).exit_code, 0);
  ASSERT_EQ(pin(middle, env()).exit_code, 0);
  ASSERT_EQ(pin(kNewerTag, env()).exit_code, 0);
  // What a registry's garbage collection leaves: the tag no longer resolves.
  std::filesystem::remove_all(stack->registry().storage_dir() +
                              "/docker/registry/v2/repositories/team/app/_manifests/tags/" + middle);
  auto rollback = pin_image({"--rollback"}, env());
  ASSERT_EQ(rollback.exit_code, 0) << rollback.err;
  EXPECT_EQ(live(), image(kOlderTag));
  EXPECT_NE(rollback.err.find("skipping " + image(middle)), std::string::npos) << rollback.err;
  EXPECT_NE(rollback.err.find("no longer in its registry"), std::string::npos) << rollback.err;
}

// A pin whose deployment never reached success (its secret write was refused)
// is no rollback target, although its image exists.
TEST_F(PinHistoryE2E, RollbackSkipsAPinThatNeverReachedSuccess) {
  const std::string middle = "deployment-01JF1111111111111111111111";
  stack->registry().push_image("team/app", middle);
  ASSERT_EQ(pin(kOlderTag, env(kGitHubWriteToken, kOldSha)).exit_code, 0);
  stack->supabase().inject_fault(R"({"path_prefix":"/v1/projects/)" + std::string(kProject) +
                                 R"(/secrets","method":"POST","status":403,"count":1})");
  auto refused = pin(middle, env());
  ASSERT_EQ(refused.exit_code, 1) << refused.err;
  EXPECT_EQ(github_posts("/statuses", "\"failure\""), 1) << "the refused pin is recorded as failed";
  ASSERT_EQ(pin(kNewerTag, env()).exit_code, 0);
  auto rollback = pin_image({"--rollback"}, env());
  ASSERT_EQ(rollback.exit_code, 0) << rollback.err;
  EXPECT_EQ(live(), image(kOlderTag)) << "the failed pin of " << middle << " was chosen: " << rollback.err;
  EXPECT_EQ(github_posts("/deployments"), 4);
}

TEST_F(PinHistoryE2E, GitHubRefusalIsAWarningAndThePinGoesOn) {
  auto run = pin(kNewerTag, env(kGitHubReadToken));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("lacks `deployments: write`"), std::string::npos) << run.err;
  EXPECT_EQ(live(), image(kNewerTag));
  EXPECT_EQ(github_posts("/deployments"), 0);
}

TEST_F(PinHistoryE2E, GitHubFailingOutrightIsAWarningToo) {
  stack->github().inject_fault(R"({"path_prefix":"/repos","status":502,"count":100})");
  auto run = pin(kNewerTag, env());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("this pin is not recorded as a GitHub deployment"), std::string::npos) << run.err;
  EXPECT_EQ(live(), image(kNewerTag));
}

TEST_F(PinHistoryE2E, AnUnknownLiveImageWarnsOrFailsWhenRequired) {
  const std::string elsewhere = stack->registry().host() + "/team/multi@" + index_digest;
  ASSERT_EQ(pin_image({"--image", elsewhere}, env("")).exit_code, 0);
  auto strict = pin(kNewerTag, env(""), {"--require-known-live"});
  EXPECT_EQ(strict.exit_code, 1) << strict.err;
  EXPECT_NE(strict.err.find("the live image cannot be identified"), std::string::npos) << strict.err;
  EXPECT_EQ(live(), elsewhere);
  auto lenient = pin(kNewerTag, env(""));
  ASSERT_EQ(lenient.exit_code, 0) << lenient.err;
  EXPECT_NE(lenient.err.find("pinning without the freshness guard"), std::string::npos) << lenient.err;
  EXPECT_EQ(live(), image(kNewerTag));
}

TEST_F(PinHistoryE2E, AnotherWriterAfterTheWriteIsDetected) {
  ASSERT_EQ(pin(kOlderTag, env()).exit_code, 0);
  stack->supabase().overwrite_after_next_write(kProject, "DOCKER_IMAGE", image(kOlderTag));
  auto run = pin(kNewerTag, env());
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("another writer changed it right after this run's write"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("it now names " + image(kOlderTag)), std::string::npos) << run.err;
  EXPECT_EQ(live(), image(kOlderTag));
  EXPECT_EQ(github_posts("/statuses", "\"failure\""), 1);
}

TEST_F(PinHistoryE2E, BadFlagCombinationsMakeNoCall) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--status", "--rollback"},
                                                                {"--status", "--image", image(kNewerTag)},
                                                                {"--to", image(kNewerTag)},
                                                                {"--status", "--allow-older"}}) {
    auto run = pin_image(args, env());
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_EQ(lines(run.err).size(), 1u) << run.err;
  }
  EXPECT_EQ(stack->supabase().api_requests(), 0);
  EXPECT_TRUE(stack->github().requests().empty());
}

}  // namespace
}  // namespace flypin::e2e
