// fly-admin (npm, Supabase's Fly Machines client, pinned in package-lock.json)
// against flypin-fly-emulator booting a real image from a real registry:
// create, get, wait, list, stop, start and delete the way the library sends them.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <memory>

#include "emulators/realclients/traced_client.h"
#include "support/launchers/fly_emulator.h"
#include "support/testbed/testbed.h"

namespace flypin::realclients {
namespace {

constexpr const char* kToken = "emulator-test-token";
constexpr const char* kApp = "smoke-app";

std::string str(const rapidjson::Value& v, const char* key) {
  return v.IsObject() && v.HasMember(key) && v[key].IsString() ? v[key].GetString() : "";
}

struct Call {
  ClientRun run;
  rapidjson::Document json;
};

class FlyAdmin : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    images_ = e2e::push_fly_test_images({"healthy"});
    emulator_ = std::make_unique<e2e::FlyEmulator>(
        *images_->registry,
        e2e::FlyEmulatorOptions{.tokens = {kToken}, .apps = {kApp}, .rate_limit = e2e::FlyRateLimit::kOff});
  }
  static void TearDownTestSuite() {
    emulator_.reset();
    images_.reset();
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << "emulator log:\n" << emulator_->log() << "\n";
  }

  /// One fly-admin Machine.<method>(payload); payload gets app_name.
  Call fly(const std::string& method, const std::string& payload_fields, const std::string& token = kToken) {
    const std::string payload =
        std::string(R"({"app_name":")") + kApp + "\"" + (payload_fields.empty() ? "" : "," + payload_fields) + "}";
    Call call;
    call.run = run_traced(
        {"node", realclients_path("fly_admin_call.cjs"), method, payload},
        {{"FLY_API_TOKEN", token}, {"FLY_API_URL", emulator_->api_url()}, {"FLY_GRAPHQL_URL", emulator_->api_url()}},
        home_.path());
    EXPECT_TRUE(call.run.egress.empty()) << "fly-admin tried to leave loopback:\n" << call.run.egress.front();
    call.json.Parse(call.run.out.c_str());
    return call;
  }

  static std::string machine_fields(const std::string& name) {
    return R"("name":")" + name + R"(","region":"sin","config":{"image":")" + images_->ref("healthy") +
           R"(","guest":{"cpu_kind":"shared","cpus":1,"memory_mb":256},"restart":{"policy":"no"},)"
           R"("auto_destroy":false,"metadata":{"owner":"realclients"}})";
  }
  static std::string id_fields(const std::string& id) { return R"("machine_id":")" + id + "\""; }

  /// Creates a machine through fly-admin and waits (fly-admin) until it has started.
  std::string started_machine(const std::string& name) {
    auto created = fly("createMachine", machine_fields(name));
    EXPECT_EQ(created.run.exit_code, 0) << created.run.err;
    std::string id = str(created.json, "id");
    auto waited = fly("waitMachine", id_fields(id) + R"(,"state":"started","timeout":"30s")");
    EXPECT_EQ(waited.run.exit_code, 0) << waited.run.err;
    return id;
  }

  static std::unique_ptr<e2e::FlyTestImages> images_;
  static std::unique_ptr<e2e::FlyEmulator> emulator_;
  testbed::TempDir home_{"flypin-fly-admin"};
};

std::unique_ptr<e2e::FlyTestImages> FlyAdmin::images_;
std::unique_ptr<e2e::FlyEmulator> FlyAdmin::emulator_;

TEST_F(FlyAdmin, CreateGetWaitListStopStartDelete) {
  auto created = fly("createMachine", machine_fields("fly-admin-lifecycle"));
  ASSERT_EQ(created.run.exit_code, 0) << created.run.err;
  EXPECT_GT(created.run.connects, 0);
  const std::string id = str(created.json, "id");
  ASSERT_EQ(id.size(), 14u) << created.run.out;
  EXPECT_EQ(str(created.json, "state"), "created");
  EXPECT_EQ(str(created.json, "name"), "fly-admin-lifecycle");
  EXPECT_EQ(str(created.json["config"], "image"), images_->ref("healthy"));

  auto waited = fly("waitMachine", id_fields(id) + R"(,"state":"started","timeout":"30s")");
  ASSERT_EQ(waited.run.exit_code, 0) << waited.run.err;
  EXPECT_TRUE(waited.json["ok"].GetBool()) << waited.run.out;

  auto got = fly("getMachine", id_fields(id));
  ASSERT_EQ(got.run.exit_code, 0) << got.run.err;
  EXPECT_EQ(str(got.json, "state"), "started");
  EXPECT_EQ(str(got.json, "region"), "sin");
  EXPECT_EQ(str(got.json["image_ref"], "digest"), images_->digests.at("healthy"));
  EXPECT_EQ(got.json["config"]["guest"]["memory_mb"].GetInt(), 256);
  const std::string instance = str(got.json, "instance_id");

  auto listed = fly("listMachines", R"("state":"started","region":"sin")");
  ASSERT_EQ(listed.run.exit_code, 0) << listed.run.err;
  ASSERT_TRUE(listed.json.IsArray()) << listed.run.out;
  EXPECT_NE(listed.run.out.find(id), std::string::npos);

  auto stopped = fly("stopMachine", id_fields(id));
  ASSERT_EQ(stopped.run.exit_code, 0) << stopped.run.err;
  EXPECT_TRUE(stopped.json["ok"].GetBool()) << stopped.run.out;
  auto waited_stop =
      fly("waitMachine", id_fields(id) + R"(,"state":"stopped","timeout":"30s","instance_id":")" + instance + "\"");
  ASSERT_EQ(waited_stop.run.exit_code, 0) << waited_stop.run.err;
  EXPECT_EQ(str(fly("getMachine", id_fields(id)).json, "state"), "stopped");

  auto started = fly("startMachine", id_fields(id));
  ASSERT_EQ(started.run.exit_code, 0) << started.run.err;
  EXPECT_EQ(str(started.json, "previous_state"), "stopped") << started.run.out;
  ASSERT_EQ(fly("waitMachine", id_fields(id) + R"(,"state":"started","timeout":"30s")").run.exit_code, 0);

  // fly-admin's force delete is DELETE ...?kill=true, as flyctl sends it.
  auto deleted = fly("deleteMachine", id_fields(id) + R"(,"force":true)");
  ASSERT_EQ(deleted.run.exit_code, 0) << deleted.run.err;
  EXPECT_TRUE(deleted.json["ok"].GetBool()) << deleted.run.out;
  auto gone = fly("waitMachine", id_fields(id) + R"(,"state":"destroyed","timeout":"30s")");
  ASSERT_EQ(gone.run.exit_code, 0) << gone.run.err;
  EXPECT_EQ(fly("listMachines", "").run.out.find(id), std::string::npos);
}

TEST_F(FlyAdmin, ListSummaryOmitsConfigChecksAndEvents) {
  const std::string id = started_machine("fly-admin-summary");
  auto full = fly("listMachines", "");
  ASSERT_EQ(full.run.exit_code, 0) << full.run.err;
  auto summary = fly("listMachines", R"("summary":true)");
  ASSERT_EQ(summary.run.exit_code, 0) << summary.run.err;
  ASSERT_TRUE(summary.json.IsArray() && full.json.IsArray()) << summary.run.out;
  bool found = false;
  for (const auto& m : summary.json.GetArray()) {
    if (str(m, "id") != id) continue;
    found = true;
    EXPECT_EQ(str(m, "state"), "started");
    EXPECT_EQ(str(m, "name"), "fly-admin-summary");
    EXPECT_EQ(str(m["image_ref"], "digest"), images_->digests.at("healthy"));
    for (const char* omitted : {"config", "checks", "events"}) EXPECT_FALSE(m.HasMember(omitted)) << omitted;
  }
  EXPECT_TRUE(found) << summary.run.out;
  for (const auto& m : full.json.GetArray()) EXPECT_TRUE(m.HasMember("config"));
  EXPECT_EQ(fly("deleteMachine", id_fields(id) + R"(,"force":true)").run.exit_code, 0);
}

TEST_F(FlyAdmin, DeleteWithoutForceWaitsForAStop) {
  const std::string id = started_machine("fly-admin-no-force");
  auto refused = fly("deleteMachine", id_fields(id));
  EXPECT_EQ(refused.run.exit_code, 1);
  EXPECT_NE(refused.run.err.find("412"), std::string::npos) << refused.run.err;
  ASSERT_EQ(fly("stopMachine", id_fields(id)).run.exit_code, 0);
  ASSERT_EQ(fly("waitMachine", id_fields(id) + R"(,"state":"stopped","timeout":"30s")").run.exit_code, 0);
  auto deleted = fly("deleteMachine", id_fields(id));
  EXPECT_EQ(deleted.run.exit_code, 0) << deleted.run.err;
}

TEST_F(FlyAdmin, WaitTimesOutWith408) {
  const std::string id = started_machine("fly-admin-wait-timeout");
  auto waited = fly("waitMachine", id_fields(id) + R"(,"state":"stopped","timeout":"1s")");
  EXPECT_EQ(waited.run.exit_code, 1);
  EXPECT_NE(waited.run.err.find("408"), std::string::npos) << waited.run.err;
  EXPECT_NE(waited.run.err.find("deadline_exceeded"), std::string::npos) << waited.run.err;
  EXPECT_EQ(fly("deleteMachine", id_fields(id) + R"(,"force":true)").run.exit_code, 0);
}

TEST_F(FlyAdmin, ErrorsCarryTheStatus) {
  auto unauthorized = fly("listMachines", "", "not-a-known-token");
  EXPECT_EQ(unauthorized.run.exit_code, 1);
  EXPECT_EQ(unauthorized.run.err.rfind("401: ", 0), 0u) << unauthorized.run.err;

  auto missing = fly("getMachine", id_fields("0123456789abcd"));
  EXPECT_EQ(missing.run.exit_code, 1);
  EXPECT_EQ(missing.run.err, "404: {\"error\":\"machine not found\"}\n");

  auto bad_create = fly("createMachine", R"("config":{"image":""})");
  EXPECT_EQ(bad_create.run.exit_code, 1);
  EXPECT_EQ(bad_create.run.err.rfind("400: ", 0), 0u) << bad_create.run.err;
}

}  // namespace
}  // namespace flypin::realclients
