// roll-machines end to end: the real program against Debian's docker-registry,
// the Fly emulator (seeded fleets, real machines for the canary) and the
// Supabase emulator (the pin).
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <memory>

#include "core/json.h"
#include "support/launchers/fly_emulator.h"
#include "support/launchers/program_run.h"
#include "support/launchers/spawned_program.h"
#include "support/launchers/supabase_emulator.h"
#include "support/testbed/testbed.h"

namespace flypin::e2e {
namespace {

using namespace std::chrono_literals;

constexpr const char* kApp = "roll-app";
constexpr const char* kFlyToken = "fly_CANARY_roll_token_5d21";
constexpr const char* kSupabaseToken = "sbp_CANARY_roll_supabase_9e8f";
constexpr const char* kProject = "abcdefghijklmnopqrst";
const std::string kMachines = std::string("/v1/apps/") + kApp + "/machines";
const std::string kOld = "sha256:" + std::string(64, 'a');

std::string str(const rapidjson::Value& v, const char* key) {
  return v.IsObject() && v.HasMember(key) && v[key].IsString() ? v[key].GetString() : "";
}
bool has(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

struct Bed {
  std::unique_ptr<FlyTestImages> images;
  std::unique_ptr<FlyEmulator> fly;
  std::unique_ptr<SupabaseEmulator> supabase;
};
Bed* bed = nullptr;

class RollMachinesE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    bed = new Bed;
    bed->images = push_fly_test_images({"healthy", "wrong-port"});
    bed->fly = std::make_unique<FlyEmulator>(*bed->images->registry,
                                             FlyEmulatorOptions{.tokens = {kFlyToken, "someone-else"}, .apps = {kApp}});
    bed->supabase = std::make_unique<SupabaseEmulator>(kSupabaseToken, kProject);
  }
  static void TearDownTestSuite() {
    delete bed;
    bed = nullptr;
  }
  void SetUp() override {
    fly().admin("POST", "/_admin/reset");
    // The tests' own look-ups must not be throttled; the 429 test makes its own storm.
    fly().admin("POST", "/_admin/behaviour", R"({"rate_limit":false})");
    bed->supabase->reset();
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "fly emulator log:\n" << fly().log() << "\n";
  }

  static FlyEmulator& fly() { return *bed->fly; }
  // By digest too: the test images' tag (deployment-test) can move, and rolling
  // to such a tag needs --project-ref (registry::mutable_tag_problem).
  static std::string pin() { return bed->images->ref("healthy") + "@" + pin_digest(); }
  static std::string pin_digest() { return bed->images->digests.at("healthy"); }

  std::map<std::string, std::string> env() {
    return {{"FLY_API_TOKEN", kFlyToken},
            {"FLY_API_URL", fly().api_url()},
            {"FLY_LOGS_API_URL", fly().api_url()},
            {"SUPABASE_ACCESS_TOKEN", kSupabaseToken},
            {"SUPABASE_API_URL", bed->supabase->url()},
            {"REGISTRY_USERNAME", bed->images->registry->username()},
            {"REGISTRY_PASSWORD", bed->images->registry->password()},
            {"GITHUB_ACTIONS", "true"},
            {"GITHUB_OUTPUT", dir_.file("github_output")},
            {"GITHUB_STEP_SUMMARY", dir_.file("step_summary")}};
  }

  ProgramRun roll(std::vector<std::string> args) {
    std::vector<std::string> all{"--app", kApp};
    all.insert(all.end(), args.begin(), args.end());
    auto run = run_program("roll-machines", all, env());
    for (const std::string& secret : {std::string(kFlyToken), std::string(kSupabaseToken)}) {
      std::string out_without_masks;
      for (const auto& line : lines(run.out))
        if (line.rfind("::add-mask::", 0) != 0) out_without_masks += line + "\n";
      EXPECT_FALSE(has(out_without_masks, secret));
      EXPECT_FALSE(has(run.err, secret));
      EXPECT_FALSE(has(testbed::read_file(dir_.file("github_output")), secret));
    }
    return run;
  }

  std::vector<std::string> seed(int count, const std::string& digest, const std::string& metadata = "{}") {
    auto r = fly().admin("POST", "/_admin/seed",
                         std::string(R"({"app":")") + kApp + R"(","count":)" + std::to_string(count) + R"(,"image":")" +
                             bed->images->registry->host() + R"(/flypin-test/healthy","digest":")" + digest +
                             R"(","metadata":)" + metadata + "}");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> ids;
    auto doc = r.json();
    for (const auto& id : doc["ids"].GetArray()) ids.push_back(id.GetString());
    return ids;
  }

  rapidjson::Document machine(const std::string& id) { return fly().call("GET", kMachines + "/" + id).json(); }
  std::string digest_of(const std::string& id) {
    auto r = fly().call("GET", kMachines + "/" + id);
    if (r.status != 200) ADD_FAILURE() << "GET " << id << ": " << r.status << " " << r.body;
    return str(r.json()["image_ref"], "digest");
  }

  static rapidjson::Document json_of(const std::string& text) {
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    return doc;
  }
  /// --json: the last stdout line (the ones before are ::add-mask:: commands).
  static rapidjson::Document json_of(const ProgramRun& run) {
    auto all = lines(run.out);
    return json_of(all.empty() ? std::string() : all.back());
  }

  void set_secret(const std::string& value) {
    httplib::Client c(bed->supabase->url());
    auto r = c.Post(("/v1/projects/" + std::string(kProject) + "/secrets").c_str(),
                    {{"Authorization", std::string("Bearer ") + kSupabaseToken}},
                    R"([{"name":"DOCKER_IMAGE","value":")" + value + R"("}])", "application/json");
    ASSERT_TRUE(r);
    ASSERT_LT(r->status, 300) << r->body;
  }

  testbed::TempDir dir_{"roll-machines-e2e"};
};

TEST_F(RollMachinesE2E, ReportsDriftPerDigestAndStateAndLeavesSmokeMachinesOut) {
  auto old = seed(3, kOld, R"({"role":"user"})");
  seed(2, pin_digest(), R"({"role":"user"})");
  seed(1, kOld, R"({"role":"user","flypin_smoke":"true"})");
  seed(4, kOld, R"({"role":"admin"})");
  auto run = roll({"--image", pin(), "--select", "role=user", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto out = json_of(run);
  ASSERT_TRUE(out.IsObject()) << run.out;
  EXPECT_EQ(str(out, "digest"), pin_digest());
  EXPECT_EQ(out["total"].GetInt64(), 5);
  EXPECT_EQ(out["current"].GetInt64(), 2);
  EXPECT_EQ(out["drifted"].GetInt64(), 3);
  for (const auto& id : old) EXPECT_TRUE(has(str(out, "drifted-ids"), id));
  auto report = json_of(str(out, "report"));
  EXPECT_EQ(report["smoke_skipped"].GetInt64(), 1);
  ASSERT_TRUE(report["counts"].IsArray());
  EXPECT_EQ(report["counts"].Size(), 2u);
  EXPECT_EQ(str(report["machines"][0], "region"), "iad");
  const std::string summary = testbed::read_file(dir_.file("step_summary"));
  EXPECT_TRUE(has(summary, "| digest | state | machines |")) << summary;
  EXPECT_TRUE(has(summary, old[0]) || has(summary, old[1])) << summary;
  // Nothing changed, and --fail-on-drift makes drift a failure.
  EXPECT_EQ(digest_of(old[0]), kOld);
  auto fail = roll({"--image", pin(), "--select", "role=user", "--fail-on-drift"});
  EXPECT_EQ(fail.exit_code, 1) << fail.err;
}

TEST_F(RollMachinesE2E, UpdateStoppedLeavesRunningAndSmokeMachinesAloneAndStartsNothing) {
  auto parked = seed(3, kOld);
  auto smoke = seed(1, kOld, R"({"flypin_smoke":"true"})");
  const std::string running = fly().create(R"({"image":")" + bed->images->ref("wrong-port") + R"("})");
  ASSERT_TRUE(fly().poll(
      running, [](const auto& m) { return str(m, "state") == "started"; }, 60s));
  const std::string running_version = str(machine(running), "instance_id");
  const std::string before_config = core::json::to_string(machine(parked[0])["config"]);

  auto run = roll({"--image", pin(), "--update", "stopped", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto out = json_of(run);
  EXPECT_EQ(out["updated"].GetInt64(), 3) << run.out;
  for (const auto& id : parked) {
    auto m = machine(id);
    EXPECT_EQ(str(m, "state"), "stopped") << id;
    EXPECT_EQ(str(m["image_ref"], "digest"), pin_digest()) << id;
    EXPECT_EQ(fly().call("GET", kMachines + "/" + id + "/lease").status, 404) << "lease left behind on " << id;
  }
  // The whole config kept, but the image.
  auto after = machine(parked[0]);
  EXPECT_TRUE(has(str(after["config"], "image"), pin_digest()));
  EXPECT_EQ(core::json::to_string(after["config"]["metadata"]),
            core::json::to_string(json_of(before_config)["metadata"]));
  EXPECT_EQ(digest_of(smoke[0]), kOld);
  EXPECT_EQ(str(machine(running), "instance_id"), running_version);
  // Resumable: a second run has nothing left to do for stopped machines.
  auto again = roll({"--image", pin(), "--update", "stopped", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(json_of(again)["updated"].GetInt64(), 0);
  EXPECT_EQ(json_of(again)["drifted"].GetInt64(), 1);  // the running one, left alone
  fly().call("DELETE", kMachines + "/" + running + "?force=true");
}

TEST_F(RollMachinesE2E, AMachineLeasedByAnotherIsSkippedAndListed) {
  auto ids = seed(2, kOld);
  auto lease = fly().call("POST", kMachines + "/" + ids[0] + "/lease", R"({"ttl":120})", "someone-else");
  ASSERT_EQ(lease.status, 200) << lease.body;
  auto run = roll({"--image", pin(), "--update", "stopped", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto out = json_of(run);
  EXPECT_EQ(str(out, "skipped-leased"), ids[0]);
  EXPECT_EQ(out["updated"].GetInt64(), 1);
  EXPECT_EQ(digest_of(ids[0]), kOld);
  EXPECT_EQ(digest_of(ids[1]), pin_digest());
}

TEST_F(RollMachinesE2E, KilledHalfWayLeavesEveryMachineConsistentAndARerunFinishes) {
  auto ids = seed(24, kOld);
  fly().admin("POST", "/_admin/behaviour", R"({"rate_limit":false,"update_delay_ms":150})");
  SpawnedProgram program("roll-machines",
                         {"--app", kApp, "--image", pin(), "--update", "stopped", "--concurrency", "2"}, env(),
                         dir_.path());
  auto updated = [&] {
    int n = 0;
    for (const auto& id : ids) n += digest_of(id) == pin_digest();
    return n;
  };
  ASSERT_TRUE(program.await([&] { return updated() >= 4; }, 60s)) << program.err();
  program.signal(SIGTERM);
  EXPECT_EQ(program.wait(30s), 143) << program.err();
  const int done = updated();
  EXPECT_LT(done, 24) << "not stopped half-way";
  for (const auto& id : ids) {
    EXPECT_EQ(fly().call("GET", kMachines + "/" + id + "/lease").status, 404) << "lease left behind on " << id;
    EXPECT_EQ(str(machine(id), "state"), "stopped");
  }
  fly().admin("POST", "/_admin/behaviour", R"({"rate_limit":false})");
  auto run = roll({"--image", pin(), "--update", "stopped", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json_of(run)["updated"].GetInt64(), 24 - done);
  EXPECT_EQ(updated(), 24);
}

TEST_F(RollMachinesE2E, AFailingCanaryIsRestoredAndTheRunStopsWithItsLogLines) {
  const std::string good = R"({"image":")" + bed->images->ref("healthy") +
                           R"(","restart":{"policy":"no"},"checks":{"health":{"type":"http","port":8080,)"
                           R"("path":"/health","interval":"500ms","timeout":"2s"}}})";
  const std::string canary = fly().create(good);
  const std::string other = fly().create(good);
  for (const auto& id : {canary, other})
    ASSERT_TRUE(fly().poll(
        id, [](const auto& m) { return str(m, "state") == "started"; }, 60s));
  const std::string other_version = str(machine(other), "instance_id");
  // The pin is an image that starts but never answers its check.
  const std::string bad = bed->images->ref("wrong-port") + "@" + bed->images->digests.at("wrong-port");
  auto run = roll({"--image", bad, "--update", "all", "--canary", "1", "--wait-timeout", "8s", "--json"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  auto out = json_of(run);
  const std::string failed = str(out, "failed");
  ASSERT_TRUE(failed == canary || failed == other) << run.out;
  EXPECT_EQ(str(out, "restored"), failed);
  const std::string untouched = failed == canary ? other : canary;
  EXPECT_EQ(str(machine(untouched)["config"], "image"), bed->images->ref("healthy"));
  auto restored = machine(failed);
  EXPECT_EQ(str(restored["config"], "image"), bed->images->ref("healthy"));
  EXPECT_EQ(str(restored, "state"), "started");
  EXPECT_TRUE(has(run.err, "Preparing to run")) << run.err;  // the machine's own log lines
  // Shown as smoke-machine shows them (cmd/common/machine_log_lines.h).
  const auto summary = testbed::read_file(dir_.file("step_summary"));
  EXPECT_TRUE(has(summary, "log lines of machine <code>" + failed + "</code>")) << summary;
  (void)other_version;
  for (const auto& id : {canary, other}) fly().call("DELETE", kMachines + "/" + id + "?force=true");
}

TEST_F(RollMachinesE2E, ProjectRefRefusesAnImageThatIsNotThePin) {
  auto ids = seed(1, kOld);
  set_secret(bed->images->ref("wrong-port"));
  auto run = roll({"--image", pin(), "--project-ref", kProject, "--update", "stopped"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(has(run.err, "does not name")) << run.err;
  EXPECT_EQ(digest_of(ids[0]), kOld);
  set_secret(pin());
  auto ok = roll({"--image", pin(), "--project-ref", kProject, "--update", "stopped", "--json"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(json_of(ok)["pin-verified"].GetBool());
  EXPECT_EQ(digest_of(ids[0]), pin_digest());
}

TEST_F(RollMachinesE2E, BadInputIsOneLineExit2AndNoNetworkCall) {
  fly().admin("POST", "/_admin/reset");
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"--image", pin(), "--update", "everything"},
                                             {"--image", "127.0.0.1:1/app@sha256:zz"},
                                             {"--image", pin(), "--select", "novalue"},
                                             {"--image", pin(), "--update", "all", "--concurrency", "0"},
                                             {"--image", pin(), "--canary", "2"},
                                             {"--image", pin(), "--update", "stopped", "--wait-timeout", "1m"},
                                             {"--image", bed->images->ref("healthy"), "--update", "stopped"}}) {
    auto run = roll(args);
    EXPECT_EQ(run.exit_code, 2) << run.err;
    EXPECT_EQ(lines(run.err).size(), 1u) << run.err;
  }
  EXPECT_EQ(fly().requests_seen(), 0);
}

TEST_F(RollMachinesE2E, A429StormIsRetriedWithoutAStorm) {
  auto ids = seed(3, kOld);
  fly().admin("POST", "/_admin/faults",
              R"({"path_prefix":"/v1/apps/roll-app/machines/","method":"POST","status":429,"count":4})");
  auto run = roll({"--image", pin(), "--update", "stopped", "--concurrency", "1", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json_of(run)["updated"].GetInt64(), 3);
  // 3 lists (selected, smoke machines, keepers) + 4 calls a machine, + the 4 refused: a retry is one request,
  // not a storm.
  EXPECT_LE(fly().requests_seen(), 3 + 3 * 4 + 4);
}

}  // namespace
}  // namespace flypin::e2e
