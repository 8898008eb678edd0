// roll-machines end to end: the real program against Debian's docker-registry,
// the Fly emulator (seeded fleets, real machines for the canary) and the
// Supabase emulator (the pin). The suite runs once per variant set of the
// emulator (ctest sets FLYPIN_FLY_VARIANTS per entry: docs/fly-fidelity.md);
// a test that needs one answer starts an emulator with it (fly_with).
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <algorithm>
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
  std::map<std::string, std::unique_ptr<FlyEmulator>> with_variants;
  std::unique_ptr<SupabaseEmulator> supabase;
};
Bed* bed = nullptr;

// A machine that was parked stays parked: stopped, or created (after skip_launch, FIDELITY U3).
bool stays_parked(const std::string& state) { return state == "stopped" || state == "created" || state == "suspended"; }

class RollMachinesE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    bed = new Bed;
    bed->images = push_fly_test_images({"healthy", "wrong-port", "slow-boot", "missing-entrypoint"});
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
    for (auto& [set, e] : bed->with_variants) {
      if (HasFailure()) std::cerr << "fly emulator [" << set << "] log:\n" << e->log() << "\n";
      e->admin("POST", "/_admin/reset");
    }
  }

  static FlyEmulator& fly() { return *bed->fly; }
  /// An emulator started with these variants over the suite's (rate limits off), for a test that
  /// needs one answer whatever the ctest entry's set; fly_ is then that emulator.
  FlyEmulator& fly_with(const std::vector<std::string>& variants) {
    std::string key;
    for (const auto& v : variants) key += v + ";";
    auto& slot = bed->with_variants[key];
    if (!slot) {
      slot = std::make_unique<FlyEmulator>(*bed->images->registry,
                                           FlyEmulatorOptions{.tokens = {kFlyToken, "someone-else"},
                                                              .apps = {kApp},
                                                              .rate_limit = FlyRateLimit::kOff,
                                                              .variants = variants});
    }
    slot->admin("POST", "/_admin/reset");
    slot->admin("POST", "/_admin/behaviour", R"({"rate_limit":false})");
    fly_ = slot.get();
    return *slot;
  }
  /// The emulator this test talks to: the suite's, unless fly_with chose another.
  FlyEmulator& emu() { return fly_ ? *fly_ : fly(); }
  // By digest too: the test images' tag (deployment-test) can move, and rolling
  // to such a tag needs --project-ref (registry::mutable_tag_problem).
  static std::string pin() { return bed->images->ref("healthy") + "@" + pin_digest(); }
  static std::string pin_digest() { return bed->images->digests.at("healthy"); }
  /// A test image by tag and digest: what --image may name without --project-ref (the tag can move).
  static std::string pinned(const std::string& name) {
    return bed->images->ref(name) + "@" + bed->images->digests.at(name);
  }

  std::map<std::string, std::string> env() {
    return {{"FLY_API_TOKEN", kFlyToken},
            {"FLY_API_URL", emu().api_url()},
            {"FLY_LOGS_API_URL", emu().api_url()},
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

  std::vector<std::string> seed(int count, const std::string& digest, const std::string& metadata = "{}",
                                const std::string& state = "stopped") {
    auto r = emu().admin("POST", "/_admin/seed",
                         std::string(R"({"app":")") + kApp + R"(","count":)" + std::to_string(count) + R"(,"image":")" +
                             bed->images->registry->host() + R"(/flypin-test/healthy","digest":")" + digest +
                             R"(","state":")" + state + R"(","metadata":)" + metadata + "}");
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> ids;
    auto doc = r.json();
    for (const auto& id : doc["ids"].GetArray()) ids.push_back(id.GetString());
    return ids;
  }

  rapidjson::Document machine(const std::string& id) { return emu().call("GET", kMachines + "/" + id).json(); }
  std::string state_of(const std::string& id) { return str(machine(id), "state"); }
  std::string image_of(const std::string& id) {
    auto m = machine(id);
    return m.HasMember("config") ? str(m["config"], "image") : "";
  }
  int lease_status(const std::string& id) { return emu().call("GET", kMachines + "/" + id + "/lease").status; }
  std::string digest_of(const std::string& id) {
    auto r = emu().call("GET", kMachines + "/" + id);
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

  /// A running machine of the healthy image, its check passing every 500 ms (grace as given).
  std::string running(const std::string& image = "", const std::string& grace = "0s") {
    const std::string id = emu().create(config_of(image.empty() ? pin() : image, grace));
    std::string last;
    EXPECT_TRUE(emu().poll(
        id, [](const auto& m) { return str(m, "state") == "started"; }, 60s, &last))
        << last;
    return id;
  }
  static std::string config_of(const std::string& image, const std::string& grace = "0s") {
    return R"({"image":")" + image +
           R"(","restart":{"policy":"no"},"metadata":{"role":"user"},)"
           R"("checks":{"health":{"type":"http","port":8080,"path":"/health","interval":"500ms","timeout":"2s",)"
           R"("grace_period":")" +
           grace + R"("}}})";
  }
  /// The variant the suite's emulator runs with (the ctest entry's set, else the default).
  static std::string variant(const std::string& name) {
    rapidjson::Document doc;
    doc.Parse(fly().admin_api().variants().c_str());
    return doc[name.c_str()]["value"].GetString();
  }
  void destroy_all(const std::vector<std::string>& ids) {
    for (const auto& id : ids) emu().call("DELETE", kMachines + "/" + id + "?force=true");
  }

  testbed::TempDir dir_{"roll-machines-e2e"};
  FlyEmulator* fly_ = nullptr;
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
    EXPECT_TRUE(stays_parked(str(m, "state"))) << id << " is " << str(m, "state");
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
  ASSERT_EQ(lease.status, 201) << lease.body;
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
    EXPECT_TRUE(stays_parked(state_of(id))) << id << " is " << state_of(id);
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
  // 4 lists (the filter probe, the selection, smoke machines, keepers) + 5 calls a machine (lease, read,
  // update, read back, release), + the 4 refused: a retry is one request, not a storm.
  EXPECT_LE(fly().requests_seen(), 4 + 3 * 5 + 4);
}

// --- Fly as it really is (issue 20, issue 24 items 2, 3, 10, 17; tests/emulators/fly/FIDELITY.md) ---

// A successful --update all: the canary proven healthy on the pin, then the rest follow.
TEST_F(RollMachinesE2E, UpdateAllProvesTheCanaryThenRollsTheRest) {
  const std::string old = pin();
  const std::string next = pinned("slow-boot");  // serves /health after 3 s
  std::vector<std::string> ids{running(old), running(old), running(old)};
  auto run = roll(
      {"--image", next, "--update", "all", "--canary", "1", "--concurrency", "2", "--wait-timeout", "30s", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto out = json_of(run);
  EXPECT_EQ(out["updated"].GetInt64(), 3) << run.out;
  EXPECT_EQ(str(out, "failed"), "");
  EXPECT_TRUE(has(run.err, "canary ")) << run.err;
  for (const auto& id : ids) {
    auto m = machine(id);
    EXPECT_EQ(str(m["image_ref"], "digest"), bed->images->digests.at("slow-boot")) << id;
    EXPECT_EQ(str(m, "state"), "started") << id;
    EXPECT_EQ(lease_status(id), 404) << "lease left behind on " << id;
  }
  destroy_all(ids);
}

// Issue 20 item 2, issue 24 item 2: an update applied but answered 502 is read back, found on the
// pin, proven like any updated machine, and restored when it fails. (On main: retried, 412, "its
// version changed meanwhile: left alone", exit 0, the bad pin running unchecked.)
TEST_F(RollMachinesE2E, AnUpdateAppliedButAnswered502IsReadBackProvenAndRestored) {
  const std::string id = running();
  emu().admin_api().fault({.path = kMachines + "/" + id, .method = "POST", .status = 502, .when = FaultWhen::kAfter});
  auto run = roll({"--image", pinned("wrong-port"), "--update", "all", "--wait-timeout", "8s", "--json"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  auto out = json_of(run);
  EXPECT_EQ(str(out, "failed"), id) << run.out;
  EXPECT_EQ(str(out, "restored"), id) << run.out;
  EXPECT_EQ(str(out, "skipped-changed"), "") << "not 'changed meanwhile': it was our own update";
  EXPECT_EQ(image_of(id), pin());
  EXPECT_EQ(state_of(id), "started");
  EXPECT_EQ(lease_status(id), 404);
  destroy_all({id});
}

// The same with the connection cut after the update was applied, and with a 408.
TEST_F(RollMachinesE2E, AnUpdateWhoseAnswerWasLostIsReadBackNotSentBlindlyAgain) {
  for (const FaultSpec& lost : {FaultSpec{.drop_connection = true}, FaultSpec{.status = 408}}) {
    const auto ids = seed(1, kOld);
    FaultSpec fault = lost;
    fault.path = kMachines + "/" + ids[0];
    fault.method = "POST";
    fault.when = FaultWhen::kAfter;
    emu().admin_api().fault(fault);
    auto run = roll({"--image", pin(), "--update", "stopped", "--json"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_EQ(json_of(run)["updated"].GetInt64(), 1) << run.out;
    EXPECT_EQ(digest_of(ids[0]), pin_digest());
    int updates = 0;
    for (const auto& r : emu().admin_api().requests())
      updates += r.method == "POST" && r.path == kMachines + "/" + ids[0];
    EXPECT_EQ(updates, 1) << "read back, found applied: never sent again";
    emu().admin_api().reset();
  }
}

// Issue 24 item 3: an update answered 200 but not applied is not called updated.
TEST_F(RollMachinesE2E, AnUpdateAnsweredButNotAppliedIsNotCalledUpdated) {
  const auto ids = seed(1, kOld);
  const std::string unchanged = emu().call("GET", kMachines + "/" + ids[0]).body;
  emu().admin_api().fault({.path = kMachines + "/" + ids[0], .method = "POST", .status = 200, .body = unchanged});
  auto run = roll({"--image", pin(), "--update", "stopped", "--json"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  auto out = json_of(run);
  EXPECT_EQ(out["updated"].GetInt64(), 0) << run.out;
  EXPECT_EQ(str(out, "failed"), ids[0]);
  EXPECT_TRUE(has(run.err, "still names")) << run.err;
  EXPECT_EQ(digest_of(ids[0]), kOld);
}

// Issue 20 item 5: a 412 that is not about the version ("machine getting replaced") is not
// read as "changed meanwhile": the machine says it was not applied, and it is sent again.
TEST_F(RollMachinesE2E, A412ThatIsNotAboutTheVersionIsNotReadAsChangedMeanwhile) {
  const auto ids = seed(1, kOld);
  emu().admin_api().fault({.path = kMachines + "/" + ids[0],
                           .method = "POST",
                           .status = 412,
                           .body = R"({"error":"failed_precondition: machine getting replaced, refusing to start"})"});
  auto run = roll({"--image", pin(), "--update", "stopped", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto out = json_of(run);
  EXPECT_EQ(out["updated"].GetInt64(), 1) << run.out;
  EXPECT_EQ(str(out, "skipped-changed"), "");
  EXPECT_EQ(digest_of(ids[0]), pin_digest());
}

// Issue 20 item 3: a created machine (never started, or updated with skip_launch) is parked: it gets
// the pin in place and is not started, by --update stopped and by --update all alike.
TEST_F(RollMachinesE2E, CreatedMachinesAreParkedGetThePinAndStayParked) {
  const auto created = seed(2, kOld, R"({"role":"user"})", "created");
  auto run = roll({"--image", pin(), "--update", "stopped", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json_of(run)["updated"].GetInt64(), 2) << run.out;
  for (const auto& id : created) {
    EXPECT_EQ(digest_of(id), pin_digest()) << id;
    EXPECT_TRUE(stays_parked(state_of(id))) << id << " is " << state_of(id);
  }
  // A second roll to another pin, --update all: still parked, never booted.
  auto again = roll({"--image", pinned("wrong-port"), "--update", "all", "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(json_of(again)["updated"].GetInt64(), 2) << again.out;
  for (const auto& id : created) EXPECT_TRUE(stays_parked(state_of(id))) << id << " is " << state_of(id);
}

// Issue 20 item 4: a canary whose checks have not reported yet is not healthy. Its check has a
// grace period; until it runs, Fly lists no result for it (checks-before-first-run=empty).
TEST_F(RollMachinesE2E, ACanaryWhoseChecksHaveNotReportedIsNotHealthy) {
  auto& e = fly_with({"checks-before-first-run=empty"});
  const std::string id = running(pin(), "4s");
  auto run = roll({"--image", pinned("wrong-port"), "--update", "all", "--wait-timeout", "12s", "--json"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_EQ(str(json_of(run), "failed"), id) << run.out;
  EXPECT_EQ(image_of(id), pin()) << "restored";
  EXPECT_EQ(state_of(id), "started");
  e.call("DELETE", kMachines + "/" + id + "?force=true");
}

// bg_deployments_compat checks are ignored as fly-go ignores them, whatever their status.
TEST_F(RollMachinesE2E, CompatChecksAreIgnoredWhateverTheirStatus) {
  auto& e = fly_with({"compat-check-status=warning"});
  const std::string id = running();
  auto run = roll({"--image", pinned("slow-boot"), "--update", "all", "--wait-timeout", "30s", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json_of(run)["updated"].GetInt64(), 1) << run.out;
  e.call("DELETE", kMachines + "/" + id + "?force=true");
}

// Issue 20 item 1: the pin crashes, and restoring the previous config leaves the machine stopped
// (update-of-stopped=stays-stopped: "leaving the new version stopped"): it is started again, as it
// was before the roll, and proven healthy before it is called restored.
TEST_F(RollMachinesE2E, ARestoredMachineIsStartedAgainWhenTheUpdateLeftItStopped) {
  fly_with({"update-of-stopped=stays-stopped"});
  const std::string id = running();
  auto run = roll({"--image", pinned("missing-entrypoint"), "--update", "all", "--wait-timeout", "20s", "--json"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  auto out = json_of(run);
  EXPECT_EQ(str(out, "failed"), id) << run.out;
  EXPECT_EQ(str(out, "restored"), id) << run.err;
  EXPECT_EQ(image_of(id), pin());
  EXPECT_EQ(state_of(id), "started") << "it served before the roll";
  EXPECT_EQ(lease_status(id), 404);
  destroy_all({id});
}

// A wait that says started while a read still says starting (eventually consistent reads) is
// waited out, not taken for a failure.
TEST_F(RollMachinesE2E, AReadThatLagsBehindTheWaitIsWaitedOut) {
  fly_with({"read-after-start=lags"});
  const std::string id = running();
  auto run = roll({"--image", pinned("slow-boot"), "--update", "all", "--wait-timeout", "30s", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json_of(run)["updated"].GetInt64(), 1) << run.out;
  EXPECT_EQ(str(json_of(run), "restored"), "");
  destroy_all({id});
}

// Issue 24 item 10: --select is checked again on the machine read before its update, for an API
// that ignores the metadata filter of a list (metadata-filter=ignored, with a summary listing).
TEST_F(RollMachinesE2E, TheSelectionHoldsWhereTheApiIgnoresTheFilter) {
  fly_with({"metadata-filter=ignored"});
  const auto users = seed(3, kOld, R"({"role":"user"})");
  const auto admins = seed(2, kOld, R"({"role":"admin"})");
  const auto smoke = seed(1, kOld, R"({"flypin_smoke":"true"})");
  auto run = roll({"--image", pin(), "--select", "role=user", "--update", "stopped", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto out = json_of(run);
  EXPECT_EQ(out["total"].GetInt64(), 3) << run.out;
  EXPECT_EQ(out["updated"].GetInt64(), 3);
  for (const auto& id : users) EXPECT_EQ(digest_of(id), pin_digest());
  for (const auto& id : admins) EXPECT_EQ(digest_of(id), kOld) << "not selected: never rolled";
  EXPECT_EQ(digest_of(smoke[0]), kOld);
}

// Machines on a host that is not ok have no config: reported unknown, never updated blind.
TEST_F(RollMachinesE2E, AMachineOnAHostThatIsNotOkIsReportedUnknownNeverUpdated) {
  const auto ids = seed(2, kOld);
  ASSERT_EQ(emu().admin("POST", "/_admin/machines/" + ids[0] + "/host", R"({"host_status":"unreachable"})").status,
            200);
  auto run = roll({"--image", pin(), "--update", "stopped", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto out = json_of(run);
  EXPECT_EQ(str(out, "skipped-unknown"), ids[0]) << run.out;
  EXPECT_EQ(out["updated"].GetInt64(), 1);
  emu().admin("POST", "/_admin/machines/" + ids[0] + "/host", R"({"host_status":"ok"})");
  EXPECT_EQ(digest_of(ids[0]), kOld);
  EXPECT_EQ(digest_of(ids[1]), pin_digest());
}

// "Also seen" (issue 24): a listed machine destroyed while the run goes is skipped, not a failure.
TEST_F(RollMachinesE2E, AListedMachineDestroyedMidRunIsSkippedNotAFailure) {
  auto ids = seed(8, kOld);
  std::sort(ids.begin(), ids.end());  // rolled in id order
  emu().admin("POST", "/_admin/behaviour", R"({"rate_limit":false,"update_delay_ms":200})");
  SpawnedProgram program("roll-machines",
                         {"--app", kApp, "--image", pin(), "--update", "stopped", "--concurrency", "1", "--json"},
                         env(), dir_.path());
  ASSERT_TRUE(program.await([&] { return has(program.err(), "machines selected"); }, 30s)) << program.err();
  ASSERT_EQ(emu().call("DELETE", kMachines + "/" + ids.back() + "?force=true").status, 200);
  ASSERT_EQ(program.wait(60s), 0) << program.err();
  auto out = json_of(lines(program.out()).back());
  EXPECT_EQ(str(out, "skipped-gone"), ids.back()) << program.out();
  EXPECT_EQ(out["updated"].GetInt64(), 7);
  EXPECT_EQ(str(out, "failed"), "");
}

// The report says plainly when the selection matched no machine.
TEST_F(RollMachinesE2E, TheReportSaysPlainlyWhenTheSelectionMatchedNoMachine) {
  seed(2, kOld, R"({"role":"user"})");
  auto run = roll({"--image", pin(), "--select", "role=nobody", "--update", "stopped"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(has(run.err, "the selection --select role=nobody matched no machine of app roll-app")) << run.err;
  EXPECT_TRUE(has(testbed::read_file(dir_.file("step_summary")), "matched no machine"));
}

// Issue 24 item 17: SIGINT or SIGTERM while the canary is being proven: the canary is finished
// (proven, or restored), its lease released, and nothing else is touched; exit 130/143.
TEST_F(RollMachinesE2E, ACanaryInterruptedBySignalIsFinishedAndItsLeaseReleased) {
  for (const int sig : {SIGINT, SIGTERM}) {
    const std::string a = running(), b = running();
    const std::string other_version_a = str(machine(a), "instance_id");
    const std::string other_version_b = str(machine(b), "instance_id");
    SpawnedProgram program("roll-machines",
                           {"--app", kApp, "--image", pinned("slow-boot"), "--update", "all", "--canary", "1",
                            "--wait-timeout", "30s", "--json"},
                           env(), dir_.path());
    ASSERT_TRUE(program.await([&] { return has(program.err(), "canary "); }, 30s)) << program.err();
    // The canary's update is under way: interrupt while it boots on the pin (slow-boot: 3 s).
    ASSERT_TRUE(program.await(
        [&] {
          return str(machine(a), "instance_id") != other_version_a || str(machine(b), "instance_id") != other_version_b;
        },
        30s));
    program.signal(sig);
    EXPECT_EQ(program.wait(60s), sig == SIGINT ? 130 : 143) << program.err();
    const std::string canary = str(machine(a), "instance_id") != other_version_a ? a : b;
    const std::string untouched = canary == a ? b : a;
    auto out = json_of(lines(program.out()).back());
    EXPECT_EQ(out["updated"].GetInt64() + static_cast<long long>(!str(out, "restored").empty()), 1) << program.out();
    EXPECT_EQ(state_of(canary), "started") << "finished, not left half-way";
    EXPECT_EQ(lease_status(canary), 404) << "the canary's lease was released";
    EXPECT_EQ(str(machine(untouched), "instance_id"), untouched == a ? other_version_a : other_version_b)
        << "nothing after the canary is touched";
    destroy_all({a, b});
  }
}

}  // namespace
}  // namespace flypin::e2e
