// The emulator's fleet features end to end (issue 14): machine updates with
// skip_launch and current_version, leases and their nonce on every change,
// the wait endpoint by version, rate limits per machine, seeded fleets.
#include <gtest/gtest.h>

#include <ctime>
#include <memory>

#include "support/launchers/fly_emulator.h"

namespace flypin::e2e {
namespace {

using namespace std::chrono_literals;

constexpr const char* kApp = "fleet-app";
const std::string kMachines = std::string("/v1/apps/") + kApp + "/machines";

std::string str(const rapidjson::Value& v, const char* key) {
  return v.IsObject() && v.HasMember(key) && v[key].IsString() ? v[key].GetString() : "";
}

class FlyFleetE2E : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    images_ = push_fly_test_images({"healthy"}).release();
    emulator_ =
        new FlyEmulator(*images_->registry,
                        {.tokens = {"fleet-token", "other-token"}, .apps = {kApp}, .rate_limit = FlyRateLimit::kOff});
  }
  static void TearDownTestSuite() {
    delete emulator_;
    delete images_;
  }
  void SetUp() override {
    emu().admin("POST", "/_admin/reset");  // which turns rate limits back on
    emu().admin("POST", "/_admin/behaviour", R"({"rate_limit":false})");
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "emulator log:\n" << emu().log() << "\n";
  }
  static FlyEmulator& emu() { return *emulator_; }

  // One stopped machine record with image `image`; its id.
  std::string seed_one(const std::string& image = "registry.example/app:v1") {
    auto r = emu().admin("POST", "/_admin/seed",
                         std::string(R"({"app":")") + kApp + R"(","count":1,"image":")" + image +
                             R"(","digest":"sha256:)" + std::string(64, '1') + R"(","metadata":{"role":"user"}})");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["ids"][0].GetString();
  }

  rapidjson::Document get(const std::string& id) { return emu().call("GET", kMachines + "/" + id).json(); }
  /// The value of a variant the emulator was started with (the ctest entry's set, or its default).
  static std::string variant(const std::string& name) {
    rapidjson::Document doc;
    doc.Parse(emu().admin_api().variants().c_str());
    return doc[name.c_str()]["value"].GetString();
  }

  static FlyEmulator* emulator_;
  static FlyTestImages* images_;
};
FlyEmulator* FlyFleetE2E::emulator_ = nullptr;
FlyTestImages* FlyFleetE2E::images_ = nullptr;

TEST_F(FlyFleetE2E, SeedsTenThousandStoppedRecordsAndListsThemInSummary) {
  auto r = emu().admin("POST", "/_admin/seed",
                       std::string(R"({"app":")") + kApp + R"(","count":10000,"image":"registry.example/app:v1"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(emu().admin("GET", "/_admin/info").status, 200);
  auto list = emu().call("GET", kMachines + "?summary=true");
  ASSERT_EQ(list.status, 200);
  auto doc = list.json();
  ASSERT_TRUE(doc.IsArray());
  EXPECT_EQ(doc.Size(), 10000u);
  EXPECT_EQ(str(doc[0], "state"), "stopped");
  EXPECT_FALSE(doc[0].HasMember("config"));  // summary leaves it out
  EXPECT_EQ(emu().admin("POST", "/_admin/seed", R"({"app":"nope","count":1,"image":"x"})").status, 400);
}

TEST_F(FlyFleetE2E, UpdateReplacesTheConfigBumpsTheVersionAndSkipLaunchParksIt) {
  const std::string id = seed_one();
  auto before = get(id);
  const std::string v1 = str(before, "instance_id");
  const std::string body = R"({"skip_launch":true,"current_version":")" + v1 +
                           R"(","config":{"image":"registry.example/app@sha256:)" + std::string(64, '2') +
                           R"(","metadata":{"role":"user"},"env":{"A":"1"}}})";
  auto updated = emu().call("POST", kMachines + "/" + id, body);
  ASSERT_EQ(updated.status, 200) << updated.body;
  auto after = get(id);
  // "May stay in created if skip_launch is set to true" (FIDELITY U3): the after-skip-launch variant.
  EXPECT_EQ(str(after, "state"), variant("after-skip-launch") == "created" ? "created" : "stopped");
  EXPECT_NE(str(after, "instance_id"), v1);
  EXPECT_EQ(str(after["image_ref"], "digest"), "sha256:" + std::string(64, '2'));
  EXPECT_EQ(str(after["config"]["env"], "A"), "1");
  // wait by version: the new version is parked, the old one never will be again.
  const std::string v2 = str(after, "instance_id");
  if (str(after, "state") == "stopped") {
    auto waited = emu().call("GET", kMachines + "/" + id + "/wait?state=stopped&timeout=1&version=" + v2);
    EXPECT_EQ(waited.status, 200) << waited.body;
  }
  auto old = emu().call("GET", kMachines + "/" + id + "/wait?state=stopped&timeout=1&version=" + v1);
  EXPECT_EQ(old.status, 408) << old.body;
  // The same current_version again is stale now: what happens is a variant (FIDELITY U7).
  auto stale = emu().call("POST", kMachines + "/" + id, body);
  const std::string rule = variant("stale-current-version");
  EXPECT_EQ(stale.status, rule == "412" ? 412 : rule == "400" ? 400 : 200) << stale.body;
  EXPECT_EQ(str(get(id), "instance_id") != v2, rule == "ignored") << "only an ignored current_version applies";
}

TEST_F(FlyFleetE2E, LeasesAreExclusiveAndEnforcedOnChanges) {
  const std::string id = seed_one();
  // 201 and fly-go's envelope (FIDELITY L1).
  auto lease = emu().call("POST", kMachines + "/" + id + "/lease", R"({"ttl":30,"description":"roll"})");
  ASSERT_EQ(lease.status, 201) << lease.body;
  const std::string nonce = str(lease.json()["data"], "nonce");
  ASSERT_FALSE(nonce.empty());
  EXPECT_EQ(str(lease.json(), "status"), "success");
  // Another caller cannot take it (the lease endpoint's envelope, E2), nor change the machine
  // without the nonce (a mutation's {"error":"aborted: ..."}, E3).
  auto second = emu().call("POST", kMachines + "/" + id + "/lease", R"({"ttl":30})", "other-token");
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(str(second.json(), "status"), "error");
  EXPECT_EQ(str(second.json(), "code"), "invalid");
  EXPECT_NE(str(second.json(), "message").find("machine ID " + id + " lease currently held by "), std::string::npos)
      << second.body;
  EXPECT_NE(str(second.json(), "message").find(" +0000 UTC"), std::string::npos) << second.body;
  EXPECT_EQ(second.body.find("other-token"), std::string::npos);
  const std::string update = R"({"skip_launch":true,"config":{"image":"registry.example/app:v2"}})";
  auto refused = emu().call("POST", kMachines + "/" + id, update);
  EXPECT_EQ(refused.status, 409);
  EXPECT_EQ(str(refused.json(), "error").rfind("aborted: machine ID " + id + " lease currently held by ", 0), 0u)
      << refused.body;
  EXPECT_EQ(emu().call("POST", kMachines + "/" + id + "/start").status, 409);
  EXPECT_EQ(emu().call("DELETE", kMachines + "/" + id + "?force=true").status, 409);
  EXPECT_EQ(
      emu().call("DELETE", kMachines + "/" + id + "/lease", "", "", {{"fly-machine-lease-nonce", "wrong"}}).status,
      409);
  // With the nonce: shown, used, released.
  auto shown = emu().call("GET", kMachines + "/" + id + "/lease");
  EXPECT_EQ(str(shown.json()["data"], "nonce"), nonce);
  EXPECT_EQ(emu().call("POST", kMachines + "/" + id, update, "", {{"fly-machine-lease-nonce", nonce}}).status, 200);
  EXPECT_EQ(emu().call("DELETE", kMachines + "/" + id + "/lease", "", "", {{"fly-machine-lease-nonce", nonce}}).status,
            200);
  EXPECT_EQ(emu().call("GET", kMachines + "/" + id + "/lease").status, 404);
  auto gone = emu().call("DELETE", kMachines + "/" + id + "/lease", "", "", {{"fly-machine-lease-nonce", nonce}});
  EXPECT_EQ(gone.status, 404) << "a lease that is gone: \"lease not found\" (L3)";
  EXPECT_EQ(emu().call("POST", kMachines + "/" + id, update).status, 200);
  // fly-go sends ?ttl=N and no body (L1).
  auto by_query = emu().call("POST", kMachines + "/" + id + "/lease?ttl=45", "{}");
  ASSERT_EQ(by_query.status, 201) << by_query.body;
  EXPECT_GE(by_query.json()["data"]["expires_at"].GetInt64(), std::time(nullptr) + 40);
}

TEST_F(FlyFleetE2E, UpdatingAStartedMachineBootsTheNewConfig) {
  const std::string image = images_->ref("healthy");
  const std::string id = emu().create(R"({"image":")" + image + R"(","restart":{"policy":"no"},"env":{"V":"1"}})");
  auto started = emu().call("GET", kMachines + "/" + id + "/wait?state=started&timeout=60");
  ASSERT_EQ(started.status, 200) << started.body;
  const std::string v1 = str(get(id), "instance_id");
  auto updated = emu().call("POST", kMachines + "/" + id,
                            R"({"config":{"image":")" + image + R"(","restart":{"policy":"no"},"env":{"V":"2"}}})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  const std::string v2 = str(updated.json(), "instance_id");
  EXPECT_NE(v2, v1);
  auto again = emu().call("GET", kMachines + "/" + id + "/wait?state=started&timeout=60&version=" + v2);
  EXPECT_EQ(again.status, 200) << again.body;
  auto now = get(id);
  EXPECT_EQ(str(now["config"]["env"], "V"), "2");
  bool restarted_by_update = false;
  for (const auto& e : now["events"].GetArray()) restarted_by_update |= str(e, "type") == "update";
  EXPECT_TRUE(restarted_by_update);
  EXPECT_EQ(emu().call("DELETE", kMachines + "/" + id + "?force=true").status, 200);
}

TEST_F(FlyFleetE2E, RateLimitsCountPerMachineNotPerToken) {
  const std::string a = seed_one(), b = seed_one();
  emu().admin("POST", "/_admin/behaviour", R"({"rate_limit":true})");
  int limited = 0;
  for (int i = 0; i < 5; ++i) limited += emu().call("POST", kMachines + "/" + a + "/start").status == 429;
  EXPECT_GE(limited, 1);
  // Another machine has its own bucket, whatever token asks.
  EXPECT_EQ(emu().call("POST", kMachines + "/" + b + "/stop").status, 200);
}

}  // namespace
}  // namespace flypin::e2e
