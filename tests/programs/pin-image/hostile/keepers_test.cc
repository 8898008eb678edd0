// Keeper upkeep (pin-image --keep, issue 23) against a hostile Machines API:
// the real Fly emulator behind a tampering front (support/hostile/fly_front.h)
// that answers a create with a 500 after the emulator made the machine, throws
// a 429 storm, or refuses every create. The truth is the emulator's state: one
// keeper per image, never doubled, never started — and the pin always happens.

#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "support/hostile/fly_front.h"
#include "support/launchers/fly_keepers.h"
#include "support/launchers/program_json.h"
#include "support/launchers/program_run.h"
#include "support/launchers/supabase_emulator.h"
#include "support/testbed/testbed.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

constexpr const char* kProject = "abcdefghijklmnopqrst";
constexpr const char* kSupabaseToken = "sbp_CANARY_keepers_0d9e8f7a6b";
constexpr const char* kFlyToken = "fo1_CANARY_keepers_5c4b3a2918";
constexpr const char* kApp = "keeper-app";
const std::string kOlderTag = "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D";
const std::string kLiveTag = "deployment-01JG9B3K7N5P2Q4R6S8T0V1W2X";

struct Ground {
  std::unique_ptr<testbed::LocalRegistry> registry;
  std::unique_ptr<e2e::FlyEmulator> fly;
  std::unique_ptr<e2e::SupabaseEmulator> supabase;
};
Ground* ground = nullptr;

class HostileKeepers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ground = new Ground;
    ground->registry = std::make_unique<testbed::LocalRegistry>(testbed::AuthMode::kBasic);
    for (const auto& tag : {kOlderTag, kLiveTag}) {
      testbed::ImageSpec spec;
      spec.labels = {{"flypin.test.tag", tag}};
      ground->registry->push_image("team/app", tag, spec);
    }
    ground->fly = std::make_unique<e2e::FlyEmulator>(*ground->registry,
                                                     e2e::FlyEmulatorOptions{.tokens = {kFlyToken}, .apps = {kApp}});
    ground->supabase = std::make_unique<e2e::SupabaseEmulator>(kSupabaseToken, kProject);
  }
  static void TearDownTestSuite() {
    delete ground;
    ground = nullptr;
  }
  void SetUp() override {
    ground->supabase->reset();
    ASSERT_EQ(ground->fly->admin("POST", "/_admin/reset", "{}").status, 200);
    front_ = std::make_unique<FlyFront>(ground->fly->api_url());
  }

  static std::string image(const std::string& tag) { return ground->registry->host() + "/team/app:" + tag; }
  static bool is_create(const Request& r) {
    return r.method == "POST" && r.path == std::string("/v1/apps/") + kApp + "/machines";
  }

  e2e::ProgramRun pin(const std::string& tag) {
    std::map<std::string, std::string> env = {{"SUPABASE_API_URL", ground->supabase->url()},
                                              {"SUPABASE_ACCESS_TOKEN", kSupabaseToken},
                                              {"REGISTRY_USERNAME", ground->registry->username()},
                                              {"REGISTRY_PASSWORD", ground->registry->password()},
                                              {"FLY_API_TOKEN", kFlyToken},
                                              {"FLY_API_URL", front_->url()},
                                              {"FLY_APP", kApp}};
    auto run =
        e2e::run_program("pin-image", {"--image", image(tag), "--project-ref", kProject, "--keep", "3", "--json"}, env);
    EXPECT_EQ(run.err.find(kFlyToken), std::string::npos);
    EXPECT_EQ(run.out.find(kFlyToken), std::string::npos);
    return run;
  }

  // The emulator's truth: the image of each keeper, every machine of the app
  // being one here, and none of them ever ran.
  static std::multiset<std::string> keepers() {
    const auto census = e2e::keeper_census(*ground->fly, kApp);
    EXPECT_EQ(census.problems, std::vector<std::string>{});
    EXPECT_EQ(census.others, std::multiset<std::string>{});
    return census.kept;
  }

  std::unique_ptr<FlyFront> front_;
};

TEST_F(HostileKeepers, ACreateAnswered500AfterTheKeeperWasMadeIsFoundByItsMarkerNotDoubled) {
  std::atomic<int> garbled{0};
  front_->script([&](const Request& r, Conn& c, const auto& forward) {
    if (!is_create(r) || garbled.exchange(1) != 0) return false;
    const Upstream made = forward();  // the emulator makes the machine ...
    EXPECT_EQ(made.status, 200) << made.body;
    c.respond(500, {{"Content-Type", "application/json"}}, R"({"error":"internal server error"})");  // ... we say not
    return true;
  });
  auto run = pin(kLiveTag);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(garbled.load(), 1);
  EXPECT_EQ(e2e::json_int(run.out, "keeper-warnings"), 0) << run.err;
  EXPECT_NE(run.err.find("was created all the same"), std::string::npos) << run.err;
  EXPECT_EQ(keepers(), std::multiset<std::string>{image(kLiveTag)});
}

TEST_F(HostileKeepers, A429StormDuringUpkeepIsWaitedOutAndEachImageKeptOnce) {
  ASSERT_EQ(pin(kOlderTag).exit_code, 0);
  Window storm(6s);
  std::atomic<int> throttled{0};
  front_->script([&](const Request& r, Conn& c, const auto&) {
    if (r.path.rfind(std::string("/v1/apps/") + kApp + "/machines", 0) != 0) return false;
    if (!storm.opened()) storm.open();
    if (!storm.active()) return false;
    ++throttled;
    c.respond(429, {{"Content-Type", "application/json"}, {"Retry-After", "1"}}, R"({"error":"rate limited"})");
    return true;
  });
  auto run = pin(kLiveTag);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_GE(throttled.load(), 2);
  EXPECT_EQ(ground->supabase->secret_value(kProject, "DOCKER_IMAGE"), image(kLiveTag));
  EXPECT_EQ(e2e::json_int(run.out, "keeper-warnings"), 0) << run.err;
  EXPECT_EQ(keepers(), (std::multiset<std::string>{image(kOlderTag), image(kLiveTag)}));
}

TEST_F(HostileKeepers, AKeeperThatCannotBeMadeIsAWarningAndThePinHappens) {
  front_->script([&](const Request& r, Conn& c, const auto&) {
    if (!is_create(r)) return false;
    c.respond(422, {{"Content-Type", "application/json"}}, R"({"error":"image not found"})");
    return true;
  });
  auto run = pin(kLiveTag);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ground->supabase->secret_value(kProject, "DOCKER_IMAGE"), image(kLiveTag));
  EXPECT_EQ(e2e::json_int(run.out, "keeper-warnings"), 1) << run.out;
  EXPECT_NE(run.err.find("no keeper for " + image(kLiveTag)), std::string::npos) << run.err;
  EXPECT_TRUE(keepers().empty());
}

}  // namespace
}  // namespace flypin::hostile
