// The Supabase emulator against its ledger (tests/emulators/supabase/FIDELITY.md):
// the reserved SUPABASE_* secrets in the list, a list that lags behind writes
// (a variant), and faults after the side effect.
#include <gtest/gtest.h>

#include <thread>

#include "core/crypto.h"
#include "core/curl_http_client.h"
#include "core/json.h"
#include "support/launchers/supabase_emulator.h"

namespace flypin::e2e {
namespace {

using namespace std::chrono_literals;

constexpr const char* kToken = "sbp_fidelity_token";
constexpr const char* kProject = "fidelityprojectrefxx";

struct Listed {
  int status = 0;
  std::map<std::string, std::string> digests;  // name -> listed value
};

class SupabaseFidelityE2E : public ::testing::Test {
 protected:
  static SupabaseEmulator start(std::vector<std::string> variants) {
    return SupabaseEmulator({.tokens = {kToken}, .projects = {kProject}, .variants = std::move(variants)});
  }
  static core::Result<core::HttpResponse> send(const SupabaseEmulator& e, const std::string& method,
                                               const std::string& body = "") {
    core::CurlHttpClient http;  // a connection of its own: libcurl re-sends on a reused one that died
    core::HttpRequest req;
    req.method = method;
    req.url = e.url() + "/v1/projects/" + kProject + "/secrets";
    req.body = body;
    req.headers.add("Authorization", std::string("Bearer ") + kToken);
    if (!body.empty()) req.headers.add("Content-Type", "application/json");
    return http.send(req);
  }
  static Listed list(const SupabaseEmulator& e) {
    Listed out;
    auto r = send(e, "GET");
    if (!r.ok()) return out;
    out.status = r->status;
    auto doc = core::json::parse(r->body, "list");
    if (doc.ok() && doc->IsArray())
      for (const auto& s : doc->GetArray()) out.digests[s["name"].GetString()] = s["value"].GetString();
    return out;
  }
  static int set(const SupabaseEmulator& e, const std::string& value) {
    auto r = send(e, "POST", R"([{"name":"DOCKER_IMAGE","value":")" + value + R"("}])");
    return r.ok() ? r->status : 0;
  }
};

// FIDELITY S4: the reserved secrets are listed (the default) or not (the variant); never writable.
TEST_F(SupabaseFidelityE2E, ReservedSecretsAreListedPerVariantAndNeverWritable) {
  auto present = start({});
  auto listed = list(present);
  ASSERT_EQ(listed.status, 200);
  for (const char* name : {"SUPABASE_URL", "SUPABASE_ANON_KEY", "SUPABASE_SERVICE_ROLE_KEY", "SUPABASE_DB_URL"})
    EXPECT_EQ(listed.digests.count(name), 1u) << name;
  auto refused = send(present, "POST", R"([{"name":"SUPABASE_URL","value":"x"}])");
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(refused->body, R"({"message":"Secret name must not start with the SUPABASE_ prefix."})");

  auto absent = start({"reserved-secrets=absent"});
  EXPECT_TRUE(list(absent).digests.empty());
}

// FIDELITY S9: the list may lag a write by 2 s (the variant); the truth changes at once.
TEST_F(SupabaseFidelityE2E, TheListLagsBehindAWriteUnderTheVariant) {
  auto lagging = start({"secrets-list-lag=2s", "reserved-secrets=absent"});
  ASSERT_EQ(set(lagging, "old"), 201);
  std::this_thread::sleep_for(2100ms);
  ASSERT_EQ(list(lagging).digests["DOCKER_IMAGE"], core::sha256_hex("old"));
  const auto written = std::chrono::steady_clock::now();
  ASSERT_EQ(set(lagging, "new"), 201);
  EXPECT_EQ(lagging.secret_value(kProject, "DOCKER_IMAGE"), "new") << "an Edge Function sees the write at once";
  EXPECT_EQ(list(lagging).digests["DOCKER_IMAGE"], core::sha256_hex("old")) << "the list does not yet";
  while (list(lagging).digests["DOCKER_IMAGE"] != core::sha256_hex("new")) {
    ASSERT_LT(std::chrono::steady_clock::now() - written, 3s) << "still the old digest 3 s after the write";
    std::this_thread::sleep_for(100ms);  // polling for a condition
  }
  EXPECT_GE(std::chrono::steady_clock::now() - written, 1900ms);

  auto prompt = start({});
  ASSERT_EQ(set(prompt, "now"), 201);
  EXPECT_EQ(list(prompt).digests["DOCKER_IMAGE"], core::sha256_hex("now")) << "no lag by default";
}

// Faults after the side effect: the secret is set, then the answer is replaced or lost.
TEST_F(SupabaseFidelityE2E, AFaultAfterTheSideEffectSetsTheSecretThenLosesTheAnswer) {
  auto e = start({});
  e.admin_api().fault({.method = "POST", .status = 500, .when = FaultWhen::kAfter});
  EXPECT_EQ(set(e, "after-500"), 500);
  EXPECT_EQ(e.secret_value(kProject, "DOCKER_IMAGE"), "after-500");
  e.admin_api().fault({.method = "POST", .drop_connection = true, .when = FaultWhen::kAfter});
  EXPECT_EQ(set(e, "after-drop"), 0);
  EXPECT_EQ(e.secret_value(kProject, "DOCKER_IMAGE"), "after-drop");
  const auto seen = e.requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].fault, "after:status");
  EXPECT_EQ(seen[1].fault, "after:drop");
  EXPECT_EQ(seen[1].status, 0);
}

}  // namespace
}  // namespace flypin::e2e
