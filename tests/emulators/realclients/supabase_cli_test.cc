// The official Supabase CLI (npm `supabase`, pinned in package-lock.json)
// against flypin-supabase-emulator: what the real client sends, the emulator
// must accept, and what the emulator answers, the real client must read.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <memory>

#include "core/crypto.h"
#include "emulators/realclients/traced_client.h"
#include "support/launchers/supabase_emulator.h"
#include "support/testbed/testbed.h"

namespace flypin::realclients {
namespace {

constexpr const char* kToken = "sbp_0123456789abcdef0123456789abcdef01234567";
constexpr const char* kOtherToken = "sbp_ffffffffffffffffffffffffffffffffffffffff";
constexpr const char* kRef = "abcdefghijklmnopqrst";

class SupabaseCli : public testing::Test {
 protected:
  static void SetUpTestSuite() { emulator_ = std::make_unique<e2e::SupabaseEmulator>(kToken, kRef); }
  static void TearDownTestSuite() { emulator_.reset(); }
  void SetUp() override {
    emulator_->reset();
    // The CLI's profile names every URL it could use: all of them the emulator.
    testbed::write_file(home_.file("profile.yaml"), "name: flypin-emulator\napi_url: " + emulator_->url() +
                                                        "\ndashboard_url: " + emulator_->url() +
                                                        "/dashboard\nproject_host: localhost\n");
  }

  ClientRun supabase(std::vector<std::string> args, const std::string& token = kToken) {
    args.insert(args.begin(), realclients_path("node_modules/.bin/supabase"));
    auto run = run_traced(args,
                          {{"SUPABASE_ACCESS_TOKEN", token},
                           {"SUPABASE_API_URL", emulator_->url()},
                           {"SUPABASE_PROFILE", home_.file("profile.yaml")},
                           {"SUPABASE_TELEMETRY_DISABLED", "1"},
                           {"DO_NOT_TRACK", "1"},
                           {"SUPABASE_NO_UPDATE_NOTIFIER", "1"},
                           {"SUPABASE_NO_KEYRING", "1"}},
                          home_.path());
    EXPECT_TRUE(run.egress.empty()) << "the CLI tried to leave loopback:\n" << run.egress.front();
    return run;
  }

  static rapidjson::Document parse(const std::string& text) {
    rapidjson::Document doc;
    doc.Parse(text.c_str());
    return doc;
  }

  static std::unique_ptr<e2e::SupabaseEmulator> emulator_;
  testbed::TempDir home_{"flypin-supabase-cli"};
};

std::unique_ptr<e2e::SupabaseEmulator> SupabaseCli::emulator_;

TEST_F(SupabaseCli, SetListUnsetRoundTrip) {
  auto set = supabase(
      {"secrets", "set", "DOCKER_IMAGE=registry.fly.io/app:deployment-01J", "OTHER=two words", "--project-ref", kRef});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_GT(set.connects, 0) << "the CLI never reached the emulator";
  EXPECT_EQ(emulator_->secret_value(kRef, "DOCKER_IMAGE"), "registry.fly.io/app:deployment-01J");
  EXPECT_EQ(emulator_->secret_value(kRef, "OTHER"), "two words");

  auto list = supabase({"secrets", "list", "--project-ref", kRef, "-o", "json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  auto doc = parse(list.out);
  ASSERT_TRUE(doc.IsArray()) << list.out;
  // The CLI lists what the API lists, the reserved SUPABASE_* secrets too (the emulator's default,
  // FIDELITY S4), sorted by name.
  ASSERT_EQ(doc.Size(), 6u) << list.out;
  // The CLI prints what the API listed: the value's SHA-256, never the value.
  EXPECT_STREQ(doc[0]["name"].GetString(), "DOCKER_IMAGE");
  EXPECT_EQ(doc[0]["value"].GetString(), core::sha256_hex("registry.fly.io/app:deployment-01J"));
  EXPECT_STREQ(doc[1]["name"].GetString(), "OTHER");
  EXPECT_EQ(list.out.find("two words"), std::string::npos);

  auto unset = supabase({"secrets", "unset", "OTHER", "--project-ref", kRef, "--yes"});
  ASSERT_EQ(unset.exit_code, 0) << unset.err;
  EXPECT_EQ(emulator_->secret_value(kRef, "OTHER"), "");
  EXPECT_EQ(emulator_->secret_value(kRef, "DOCKER_IMAGE"), "registry.fly.io/app:deployment-01J");

  auto table = supabase({"secrets", "list", "--project-ref", kRef});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("DOCKER_IMAGE"), std::string::npos) << table.out;
  EXPECT_EQ(table.out.find("OTHER"), std::string::npos) << table.out;
  EXPECT_EQ(emulator_->api_requests("POST"), 1);
  EXPECT_EQ(emulator_->api_requests("DELETE"), 1);
}

TEST_F(SupabaseCli, SetFromAnEnvFile) {
  testbed::write_file(home_.file("fn.env"), "A=1\nB=\"quoted value\"\n");
  auto set = supabase({"secrets", "set", "--env-file", home_.file("fn.env"), "--project-ref", kRef});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(emulator_->secret_value(kRef, "A"), "1");
  EXPECT_EQ(emulator_->secret_value(kRef, "B"), "quoted value");
}

TEST_F(SupabaseCli, UnknownTokenIs401AndNamed) {
  auto list = supabase({"secrets", "list", "--project-ref", kRef}, kOtherToken);
  EXPECT_EQ(list.exit_code, 1);
  EXPECT_NE(list.err.find("401"), std::string::npos) << list.err;
  EXPECT_NE(list.err.find("Unauthorized"), std::string::npos) << list.err;
}

TEST_F(SupabaseCli, UnknownProjectIs404) {
  auto list = supabase({"secrets", "list", "--project-ref", "zzzzzzzzzzzzzzzzzzzz"});
  EXPECT_EQ(list.exit_code, 1);
  EXPECT_NE(list.err.find("404"), std::string::npos) << list.err;
  auto set = supabase({"secrets", "set", "A=1", "--project-ref", "zzzzzzzzzzzzzzzzzzzz"});
  EXPECT_EQ(set.exit_code, 1);
  EXPECT_NE(set.err.find("Project not found"), std::string::npos) << set.err;
}

TEST_F(SupabaseCli, RateLimitIsReportedNotRetried) {
  emulator_->inject_fault(R"({"path_prefix":"/v1/projects","method":"GET","status":429,"count":1})");
  auto list = supabase({"secrets", "list", "--project-ref", kRef});
  EXPECT_EQ(list.exit_code, 1);
  EXPECT_NE(list.err.find("429"), std::string::npos) << list.err;
  EXPECT_EQ(emulator_->api_requests("GET"), 1);
}

TEST_F(SupabaseCli, ServerErrorOnListIsRetriedByTheCli) {
  emulator_->inject_fault(R"({"path_prefix":"/v1/projects","method":"GET","status":500,"count":1})");
  auto list = supabase({"secrets", "list", "--project-ref", kRef, "-o", "json"});
  EXPECT_EQ(list.exit_code, 0) << list.err;
  EXPECT_TRUE(parse(list.out).IsArray()) << list.out;
  EXPECT_EQ(emulator_->api_requests("GET"), 2);
}

TEST_F(SupabaseCli, MalformedInputNeverReachesTheApi) {
  auto bad_token = supabase({"secrets", "list", "--project-ref", kRef}, "not-a-token");
  EXPECT_EQ(bad_token.exit_code, 1);
  EXPECT_NE(bad_token.err.find("Invalid access token format"), std::string::npos) << bad_token.err;
  auto bad_ref = supabase({"secrets", "list", "--project-ref", "ABC"});
  EXPECT_EQ(bad_ref.exit_code, 1);
  EXPECT_NE(bad_ref.err.find("Invalid project ref format"), std::string::npos) << bad_ref.err;
  auto reserved = supabase({"secrets", "set", "SUPABASE_URL=x", "--project-ref", kRef});
  EXPECT_EQ(reserved.exit_code, 1);
  EXPECT_EQ(emulator_->api_requests(), 0);
}

}  // namespace
}  // namespace flypin::realclients
