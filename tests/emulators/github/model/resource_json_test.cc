#include "emulators/github/model/resource_json.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace flypin::emulators::github {
namespace {

const ResourceContext kContext{"http://127.0.0.1:4000", RepoRef{"octo", "app", 700000001}};

Deployment sample() {
  Deployment d;
  d.id = 3000000001;
  d.sha = "0123456789abcdef0123456789abcdef01234567";
  d.ref = "main";
  d.task = "deploy";
  d.payload = R"({"image":"r/app:deployment-01J"})";
  d.original_environment = d.environment = "supabase-abc";
  d.description = std::nullopt;
  d.created_at = d.updated_at = "2026-01-02T03:04:05Z";
  return d;
}

TEST(GitHubResourceJson, DeploymentHasTheSchemasFields) {
  rapidjson::Document doc;
  doc.Parse(deployment_json(kContext, sample()).c_str());
  ASSERT_TRUE(doc.IsObject());
  for (const char* key :
       {"url", "id", "node_id", "sha", "ref", "task", "payload", "original_environment", "environment", "description",
        "creator", "created_at", "updated_at", "statuses_url", "repository_url", "transient_environment",
        "production_environment", "performed_via_github_app"}) {
    EXPECT_TRUE(doc.HasMember(key)) << key;
  }
  EXPECT_EQ(doc["id"].GetInt64(), 3000000001LL);
  EXPECT_STREQ(doc["node_id"].GetString(), "MDEwOkRlcGxveW1lbnQzMDAwMDAwMDAx");
  EXPECT_STREQ(doc["url"].GetString(), "http://127.0.0.1:4000/repos/octo/app/deployments/3000000001");
  EXPECT_STREQ(doc["statuses_url"].GetString(), "http://127.0.0.1:4000/repos/octo/app/deployments/3000000001/statuses");
  EXPECT_STREQ(doc["repository_url"].GetString(), "http://127.0.0.1:4000/repos/octo/app");
  EXPECT_STREQ(doc["payload"]["image"].GetString(), "r/app:deployment-01J");
  EXPECT_TRUE(doc["description"].IsNull());
  EXPECT_STREQ(doc["creator"]["login"].GetString(), "github-actions[bot]");
  EXPECT_STREQ(doc["creator"]["type"].GetString(), "Bot");
  EXPECT_TRUE(doc["performed_via_github_app"].IsNull());
}

TEST(GitHubResourceJson, StringPayloadStaysAString) {
  auto d = sample();
  d.payload = R"("{\"a\":1}")";
  d.description = "pin";
  rapidjson::Document doc;
  doc.Parse(deployments_json(kContext, {d}).c_str());
  ASSERT_TRUE(doc.IsArray());
  EXPECT_STREQ(doc[0]["payload"].GetString(), R"({"a":1})");
  EXPECT_STREQ(doc[0]["description"].GetString(), "pin");
}

TEST(GitHubResourceJson, StatusCarriesLogUrlAsTargetUrlToo) {
  DeploymentStatus s{6000000001, "success", "done", "supabase-abc", "https://app", "https://log", "t", "t"};
  rapidjson::Document doc;
  doc.Parse(statuses_json(kContext, 3000000001, {s}).c_str());
  ASSERT_TRUE(doc.IsArray());
  const auto& status = doc[0];
  EXPECT_STREQ(status["url"].GetString(),
               "http://127.0.0.1:4000/repos/octo/app/deployments/3000000001/statuses/6000000001");
  EXPECT_STREQ(status["node_id"].GetString(), "MDE2OkRlcGxveW1lbnRTdGF0dXM2MDAwMDAwMDAx");
  EXPECT_STREQ(status["target_url"].GetString(), "https://log");
  EXPECT_STREQ(status["log_url"].GetString(), "https://log");
  EXPECT_STREQ(status["environment_url"].GetString(), "https://app");
  EXPECT_STREQ(status["deployment_url"].GetString(), "http://127.0.0.1:4000/repos/octo/app/deployments/3000000001");
}

}  // namespace
}  // namespace flypin::emulators::github
