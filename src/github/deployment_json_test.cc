#include "github/deployment_json.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace flypin::github {
namespace {

TEST(DeploymentJson, CreateBodyAsIssue13Asks) {
  NewDeployment d{.ref = "5f3c1a7e", .environment = "supabase-abc", .description = "pin \"x\""};
  d.payload.add("image", "registry.fly.io/app:deployment-01J").add("build_time", 1700000000LL);
  auto doc = core::json::parse(create_deployment_body(d, "m1"), "body");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(core::json::get_string(*doc, "ref"), "5f3c1a7e");
  EXPECT_EQ(core::json::get_string(*doc, "environment"), "supabase-abc");
  EXPECT_EQ(core::json::get_string(*doc, "description"), "pin \"x\"");
  EXPECT_EQ(core::json::get_bool(*doc, "auto_merge"), false);
  const auto* contexts = core::json::get_array(*doc, "required_contexts");
  ASSERT_NE(contexts, nullptr);
  EXPECT_TRUE(contexts->Empty());
  const auto* payload = core::json::get_object(*doc, "payload");
  ASSERT_NE(payload, nullptr);
  EXPECT_EQ(core::json::get_string(*payload, "image"), "registry.fly.io/app:deployment-01J");
  EXPECT_EQ(core::json::get_int(*payload, "build_time"), 1700000000LL);
  EXPECT_EQ(core::json::get_string(*payload, kCreateMarkerKey), "m1");
}

TEST(DeploymentJson, StatusBody) {
  auto doc = core::json::parse(create_status_body({.state = DeploymentState::kInProgress,
                                                   .log_url = "https://github.com/o/r/actions/runs/1",
                                                   .auto_inactive = AutoInactive::kNo}),
                               "body");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(core::json::get_string(*doc, "state"), "in_progress");
  EXPECT_EQ(core::json::get_string(*doc, "log_url"), "https://github.com/o/r/actions/runs/1");
  EXPECT_FALSE(doc->HasMember("environment_url"));
  EXPECT_EQ(core::json::get_bool(*doc, "auto_inactive"), false);
}

TEST(DeploymentJson, StatesRoundTrip) {
  for (auto s :
       {DeploymentState::kError, DeploymentState::kFailure, DeploymentState::kInactive, DeploymentState::kInProgress,
        DeploymentState::kQueued, DeploymentState::kPending, DeploymentState::kSuccess}) {
    EXPECT_EQ(parse_state(state_name(s)), s);
  }
  EXPECT_EQ(parse_state("destroyed"), DeploymentState::kUnknown);
}

TEST(DeploymentJson, ReadsGitHubDeployments) {
  auto list = parse_deployments(R"([
    {"url":"u","id":3000000002,"sha":"abc","ref":"main","task":"deploy","environment":"supabase-x",
     "description":null,"creator":{"login":"github-actions[bot]"},"created_at":"2026-01-02T03:04:05Z",
     "updated_at":"2026-01-02T03:04:06Z","payload":{"image":"r/a:t","flypin_create":"m","n":1}},
    {"id":3000000001,"payload":"legacy string"}])");
  ASSERT_TRUE(list.ok()) << list.error().describe();
  ASSERT_EQ(list->size(), 2u);
  const auto& d = (*list)[0];
  EXPECT_EQ(d.id, 3000000002LL) << "ids above 2^31 must survive";
  EXPECT_EQ(d.environment, "supabase-x");
  EXPECT_EQ(d.creator, "github-actions[bot]");
  EXPECT_EQ(d.description, "");
  EXPECT_EQ(d.payload.at("image"), "r/a:t");
  EXPECT_EQ(d.payload.count("n"), 0u);
  EXPECT_EQ((*list)[1].payload_json, "\"legacy string\"");
  EXPECT_TRUE((*list)[1].payload.empty());
}

TEST(DeploymentJson, ReadsStatusesWithLegacyTargetUrl) {
  auto list = parse_statuses(R"([{"id":6000000002,"state":"success","log_url":"L","environment":"e"},
                                 {"id":6000000001,"state":"in_progress","target_url":"T"}])");
  ASSERT_TRUE(list.ok());
  EXPECT_EQ((*list)[0].state, DeploymentState::kSuccess);
  EXPECT_EQ((*list)[0].log_url, "L");
  EXPECT_EQ((*list)[1].log_url, "T");
}

TEST(DeploymentJson, RefusesWhatIsNotADeployment) {
  for (const char* bad : {"", "{}", R"({"id":"7"})", R"({"id":0})", R"({"id":1.5})", "[1]", "null"}) {
    EXPECT_FALSE(parse_deployment(bad).ok()) << bad;
  }
  EXPECT_FALSE(parse_deployments("{}").ok());
  EXPECT_FALSE(parse_deployments("[{}]").ok());
  auto deep = parse_deployments(std::string(100, '[') + std::string(100, ']'));
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().kind, core::ErrorKind::kDecode);
}

}  // namespace
}  // namespace flypin::github
