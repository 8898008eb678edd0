// The secrets client against the real emulator process over loopback HTTP.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <chrono>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/curl_http_client.h"
#include "core/retry.h"
#include "supabase/secrets_client.h"
#include "support/launchers/supabase_emulator.h"

namespace flypin::supabase_e2e {
namespace {

constexpr const char* kProjectRef = "abcdefghijklmnopqrst";
constexpr const char* kToken = "sbp_e2e_full_access_token_0001";
constexpr const char* kReadOnlyToken = "sbp_e2e_read_only_token_0002";

using e2e::SupabaseEmulator;

// kToken (full access) and kReadOnlyToken on kProjectRef, plus `extra_args`.
e2e::SupabaseEmulatorOptions emulator_options(std::vector<std::string> extra_args = {},
                                              std::map<std::string, std::string> env = {}) {
  return {.tokens = {kToken},
          .read_only_tokens = {kReadOnlyToken},
          .projects = {kProjectRef},
          .extra_args = std::move(extra_args),
          .env = std::move(env)};
}

using std::chrono::milliseconds;

// Our secrets in a listing: the reserved SUPABASE_* ones the list may hold (the emulator's default,
// FIDELITY S4) are the platform's.
std::vector<supabase::SecretDigest> own(std::vector<supabase::SecretDigest> listed) {
  std::erase_if(listed, [](const supabase::SecretDigest& s) { return s.name.rfind("SUPABASE_", 0) == 0; });
  return listed;
}

class SecretsE2E : public ::testing::Test {
 protected:
  static core::RetryPolicy fast_policy() {
    core::RetryPolicy policy;
    policy.base_delay = milliseconds(20);
    policy.max_delay = milliseconds(200);
    return policy;
  }

  void SetUp() override {
    retrying.set_observer([this](const core::HttpRequest&, int, milliseconds delay, const std::string& reason) {
      retry_delays.push_back(delay);
      retry_reasons.push_back(reason);
    });
  }

  int count_status(int status) {
    int n = 0;
    for (const auto& r : emulator.requests()) n += r.status == status ? 1 : 0;
    return n;
  }

  SupabaseEmulator emulator{emulator_options()};
  core::CurlHttpClient curl;
  core::SystemClock clock;
  core::RetryingHttpClient retrying{curl, clock, fast_policy(), 7};
  supabase::SecretsClient client{retrying, emulator.url(), kToken};
  std::vector<milliseconds> retry_delays;
  std::vector<std::string> retry_reasons;
};

TEST_F(SecretsE2E, UpsertListReadBackAndDelete) {
  const std::string image = "127.0.0.1:5000/app:deployment-01JABCDEF";
  ASSERT_TRUE(client.upsert(kProjectRef, {{"DOCKER_IMAGE", image}, {"OTHER", "x\"y\n"}}).ok());

  auto listed = client.list(kProjectRef);
  ASSERT_TRUE(listed.ok()) << listed.error().describe();
  ASSERT_EQ(own(*listed).size(), 2u);
  for (const auto& s : own(*listed)) {
    EXPECT_TRUE(s.updated_at.has_value());
    if (s.name == "DOCKER_IMAGE")
      EXPECT_EQ(s.value_sha256, core::sha256_hex(image));
    else
      EXPECT_EQ(s.value_sha256, core::sha256_hex("x\"y\n"));
  }

  ASSERT_TRUE(client.remove(kProjectRef, {"OTHER"}).ok());
  listed = client.list(kProjectRef);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(own(*listed).size(), 1u);
  EXPECT_EQ(own(*listed)[0].name, "DOCKER_IMAGE");

  rapidjson::Document plain;
  plain.Parse(emulator.plaintext_secrets(kProjectRef).c_str());
  ASSERT_TRUE(plain.IsObject());
  EXPECT_EQ(std::string(plain["DOCKER_IMAGE"].GetString()), image);

  // The emulator validates bodies against CreateSecretBody / DeleteSecretsBody.
  for (const auto& r : emulator.requests()) {
    EXPECT_TRUE(r.authorization);
    EXPECT_EQ(r.rejection, "") << r.method << " was rejected";
  }
  EXPECT_EQ(count_status(201), 1);
}

TEST_F(SecretsE2E, WrongTokenIs401NamingTheCredentialNotItsValue) {
  const std::string wrong = "sbp_wrong_token_value_9999";
  supabase::SecretsClient bad(retrying, emulator.url(), wrong);
  auto result = bad.list(kProjectRef);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, core::ErrorKind::kHttp);
  EXPECT_EQ(result.error().http_status, 401);
  const std::string text = result.error().describe();
  EXPECT_NE(text.find("Supabase Management API"), std::string::npos) << text;
  EXPECT_NE(text.find("SUPABASE_ACCESS_TOKEN"), std::string::npos) << text;
  EXPECT_NE(text.find("Unauthorized"), std::string::npos) << text;
  EXPECT_EQ(text.find(wrong), std::string::npos) << text;
  EXPECT_EQ(emulator.requests().size(), 1u) << "401 must not be retried";
}

TEST_F(SecretsE2E, ReadOnlyTokenReadsButWritesGet403) {
  supabase::SecretsClient reader(retrying, emulator.url(), kReadOnlyToken);
  EXPECT_TRUE(reader.list(kProjectRef).ok());
  auto status = reader.upsert(kProjectRef, {{"DOCKER_IMAGE", "x"}});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().http_status, 403);
  EXPECT_NE(status.error().message.find("SUPABASE_ACCESS_TOKEN"), std::string::npos);
  EXPECT_NE(status.error().message.find("read-only"), std::string::npos);
}

TEST_F(SecretsE2E, UnknownProjectIs404WithServerMessage) {
  auto result = client.list("zzzzzzzzzzzzzzzzzzzz");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().http_status, 404);
  EXPECT_NE(result.error().message.find("Project not found"), std::string::npos) << result.error().message;
}

TEST_F(SecretsE2E, Injected500IsRetriedThenSucceeds) {
  emulator.inject_fault(R"({"path_prefix":"/v1/projects","method":"POST","status":500,"count":2})");
  auto status = client.upsert(kProjectRef, {{"DOCKER_IMAGE", "img"}});
  ASSERT_TRUE(status.ok()) << status.error().describe();
  EXPECT_EQ(retry_delays.size(), 2u);
  EXPECT_EQ(count_status(500), 2);
  EXPECT_EQ(count_status(201), 1);
}

TEST_F(SecretsE2E, DroppedConnectionIsRetried) {
  emulator.inject_fault(R"({"method":"GET","drop_connection":true,"count":1})");
  auto result = client.list(kProjectRef);
  ASSERT_TRUE(result.ok()) << result.error().describe();
  ASSERT_EQ(retry_reasons.size(), 1u);
  const auto seen = emulator.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].fault, "drop");
  EXPECT_EQ(seen[1].status, 200);
}

TEST_F(SecretsE2E, DelayBeyondClientTimeoutIsTimeout) {
  emulator.inject_fault(R"({"delay_ms":1500,"count":1})");
  supabase::SecretsClient no_retry(curl, emulator.url(), kToken);
  no_retry.set_timeout(milliseconds(300));
  const auto start = std::chrono::steady_clock::now();
  auto result = no_retry.list(kProjectRef);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, core::ErrorKind::kTimeout) << result.error().describe();
  EXPECT_EQ(result.error().api, "Supabase Management API");
  EXPECT_LT(elapsed, milliseconds(1400));
}

TEST(SecretsE2ERateLimit, Status429IsRetriedAfterTheServersWait) {
  SupabaseEmulator emulator(emulator_options({"--rate-limit", "2", "--rate-window", "1"}));
  core::CurlHttpClient curl;
  core::SystemClock clock;
  core::RetryPolicy policy;
  policy.base_delay = milliseconds(20);
  core::RetryingHttpClient retrying(curl, clock, policy, 7);
  std::vector<milliseconds> delays;
  retrying.set_observer(
      [&](const core::HttpRequest&, int, milliseconds delay, const std::string&) { delays.push_back(delay); });
  supabase::SecretsClient client(retrying, emulator.url(), kToken);

  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.list(kProjectRef).ok()) << i;
  const auto elapsed = std::chrono::steady_clock::now() - start;

  int limited = 0;
  for (const auto& r : emulator.requests()) limited += r.status == 429 ? 1 : 0;
  EXPECT_GE(limited, 1);
  ASSERT_FALSE(delays.empty());
  EXPECT_GE(delays[0], milliseconds(1000)) << "Retry-After: 1 must be honoured";
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST(SecretsE2EState, SecretsSurviveARestartWithStateFile) {
  testbed::TempDir dir("flypin-supabase-state");
  const std::string state = dir.file("state.json");
  core::CurlHttpClient curl;
  {
    SupabaseEmulator first(emulator_options({"--state", state}));
    supabase::SecretsClient client(curl, first.url(), kToken);
    ASSERT_TRUE(client.upsert(kProjectRef, {{"DOCKER_IMAGE", "img@sha256:abc"}}).ok());
  }
  SupabaseEmulator second(emulator_options({"--state", state}));
  supabase::SecretsClient client(curl, second.url(), kToken);
  auto listed = client.list(kProjectRef);
  ASSERT_TRUE(listed.ok()) << listed.error().describe();
  ASSERT_EQ(own(*listed).size(), 1u);
  EXPECT_EQ(own(*listed)[0].value_sha256, core::sha256_hex("img@sha256:abc"));
}

TEST(SecretsE2EState, TokensFromEnvironmentAreAccepted) {
  SupabaseEmulator emulator(emulator_options({}, {{"SUPABASE_EMULATOR_TOKENS", "env-token-one,env-token-two"}}));
  core::CurlHttpClient curl;
  EXPECT_TRUE(supabase::SecretsClient(curl, emulator.url(), "env-token-two").list(kProjectRef).ok());
  EXPECT_TRUE(supabase::SecretsClient(curl, emulator.url(), kToken).list(kProjectRef).ok());
  EXPECT_EQ(supabase::SecretsClient(curl, emulator.url(), "env-token-three").list(kProjectRef).error().http_status,
            401);
}

}  // namespace
}  // namespace flypin::supabase_e2e
