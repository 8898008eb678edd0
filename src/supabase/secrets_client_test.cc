#include "supabase/secrets_client.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include "core/redact.h"
#include "support/doubles/scripted_http_client.h"

namespace flypin::supabase {
namespace {

constexpr const char* kRef = "abcdefghijklmnopqrst";
constexpr const char* kToken = "sbp_test_token_value_123";

class SecretsClientTest : public ::testing::Test {
 protected:
  doubles::ScriptedHttpClient http;
  SecretsClient client{http, "http://127.0.0.1:9/", kToken};
};

TEST_F(SecretsClientTest, ListSendsAuthorizedGetAndDecodes) {
  http.reply(200, R"([{"name":"DOCKER_IMAGE","value":"abc123","updated_at":"2026-01-01T00:00:00Z"},)"
                  R"({"name":"OTHER","value":"def"}])");
  auto secrets = client.list(kRef);
  ASSERT_TRUE(secrets.ok()) << secrets.error().describe();
  ASSERT_EQ(http.requests.size(), 1u);
  const auto& req = http.requests[0];
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(req.url, "http://127.0.0.1:9/v1/projects/abcdefghijklmnopqrst/secrets");
  EXPECT_EQ(req.headers.get("authorization").value_or(""), std::string("Bearer ") + kToken);
  EXPECT_EQ(req.api, "Supabase Management API");
  ASSERT_EQ(secrets->size(), 2u);
  EXPECT_EQ((*secrets)[0].name, "DOCKER_IMAGE");
  EXPECT_EQ((*secrets)[0].value_sha256, "abc123");
  EXPECT_EQ((*secrets)[0].updated_at.value_or(""), "2026-01-01T00:00:00Z");
  EXPECT_FALSE((*secrets)[1].updated_at.has_value());
}

TEST_F(SecretsClientTest, UpsertPostsJsonArrayAndMayBeRetried) {
  http.reply(201, "");
  auto status = client.upsert(kRef, {{"DOCKER_IMAGE", "repo:tag \"quoted\"\n"}, {"B", ""}});
  ASSERT_TRUE(status.ok()) << status.error().describe();
  const auto& req = http.requests.at(0);
  EXPECT_EQ(req.method, "POST");
  EXPECT_TRUE(req.retry_unsafe);
  EXPECT_EQ(req.api, "Supabase Management API");
  EXPECT_EQ(req.headers.get("content-type").value_or(""), "application/json");
  EXPECT_EQ(req.headers.get("authorization").value_or(""), std::string("Bearer ") + kToken);
  rapidjson::Document doc;
  doc.Parse(req.body.c_str());
  ASSERT_TRUE(doc.IsArray());
  ASSERT_EQ(doc.Size(), 2u);
  EXPECT_STREQ(doc[0]["name"].GetString(), "DOCKER_IMAGE");
  EXPECT_STREQ(doc[0]["value"].GetString(), "repo:tag \"quoted\"\n");
  EXPECT_STREQ(doc[1]["name"].GetString(), "B");
}

TEST_F(SecretsClientTest, RemoveSendsDeleteWithNameArray) {
  http.reply(200, "");
  ASSERT_TRUE(client.remove(kRef, {"A", "B"}).ok());
  const auto& req = http.requests.at(0);
  EXPECT_EQ(req.method, "DELETE");
  EXPECT_EQ(req.body, R"(["A","B"])");
  EXPECT_EQ(req.headers.get("authorization").value_or(""), std::string("Bearer ") + kToken);
}

TEST_F(SecretsClientTest, InvalidInputFailsBeforeAnyRequest) {
  EXPECT_EQ(client.list("short").error().kind, core::ErrorKind::kUsage);
  EXPECT_EQ(client.upsert(kRef, {{"SUPABASE_URL", "x"}}).error().kind, core::ErrorKind::kUsage);
  EXPECT_EQ(client.upsert(kRef, {}).error().kind, core::ErrorKind::kUsage);
  EXPECT_EQ(client.remove(kRef, {"bad name"}).error().kind, core::ErrorKind::kUsage);
  EXPECT_TRUE(http.requests.empty());
}

TEST_F(SecretsClientTest, UnauthorizedNamesApiStatusAndCredentialButNotItsValue) {
  http.reply(401, R"({"message":"Unauthorized"})");
  auto result = client.list(kRef);
  ASSERT_FALSE(result.ok());
  const auto& e = result.error();
  EXPECT_EQ(e.kind, core::ErrorKind::kHttp);
  EXPECT_EQ(e.http_status, 401);
  EXPECT_EQ(e.api, "Supabase Management API");
  const std::string text = e.describe();
  EXPECT_NE(text.find("Supabase Management API"), std::string::npos);
  EXPECT_NE(text.find("401"), std::string::npos);
  EXPECT_NE(text.find("SUPABASE_ACCESS_TOKEN"), std::string::npos);
  EXPECT_NE(text.find("Unauthorized"), std::string::npos);
  EXPECT_EQ(text.find(kToken), std::string::npos);
}

TEST_F(SecretsClientTest, ForbiddenSaysTokenLacksPermission) {
  http.reply(403, R"({"message":"read-only token"})");
  auto status = client.upsert(kRef, {{"A", "b"}});
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().http_status, 403);
  EXPECT_NE(status.error().message.find("SUPABASE_ACCESS_TOKEN"), std::string::npos);
  EXPECT_NE(status.error().message.find("read-only token"), std::string::npos);
}

TEST_F(SecretsClientTest, ServerMessageIsSurfacedForOtherStatuses) {
  http.reply(404, R"({"message":"Project not found"})");
  auto result = client.list(kRef);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().http_status, 404);
  EXPECT_NE(result.error().message.find("Project not found"), std::string::npos);
  EXPECT_EQ(result.error().method, "GET");
}

TEST_F(SecretsClientTest, MalformedListIsDecodeError) {
  for (const char* body :
       {"not json", R"({"name":"a"})", R"([1])", R"([{"name":"a"}])", R"([{"name":1,"value":"x"}])"}) {
    http.reply(200, body);
    auto result = client.list(kRef);
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.error().kind, core::ErrorKind::kDecode) << body;
    EXPECT_EQ(result.error().api, "Supabase Management API");
  }
}

TEST_F(SecretsClientTest, TransportErrorsKeepTheirKindAndNameTheApi) {
  core::Error timeout;
  timeout.kind = core::ErrorKind::kTimeout;
  timeout.message = "timed out";
  http.replies.emplace_back(timeout);
  auto result = client.list(kRef);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, core::ErrorKind::kTimeout);
  EXPECT_EQ(result.error().api, "Supabase Management API");
}

TEST_F(SecretsClientTest, TimeoutIsApplied) {
  client.set_timeout(std::chrono::milliseconds(1234));
  http.reply(200, "[]");
  ASSERT_TRUE(client.list(kRef).ok());
  EXPECT_EQ(http.requests.at(0).total_timeout, std::chrono::milliseconds(1234));
}

TEST(SecretsClientDefaults, EmptyBaseUrlMeansSupabaseCloud) {
  doubles::ScriptedHttpClient http;
  SecretsClient client(http, "", "t0ken-value-for-default");
  http.reply(200, "[]");
  ASSERT_TRUE(client.list(kRef).ok());
  EXPECT_EQ(http.requests.at(0).url, "https://api.supabase.com/v1/projects/abcdefghijklmnopqrst/secrets");
}

}  // namespace
}  // namespace flypin::supabase
