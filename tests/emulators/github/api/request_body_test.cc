#include "emulators/github/api/request_body.h"

#include <gtest/gtest.h>

namespace flypin::emulators::github {
namespace {

ApiError error_of(const std::variant<NewDeployment, ApiError>& parsed) { return std::get<ApiError>(parsed); }

TEST(GitHubCreateDeploymentBody, DefaultsAsDocumented) {
  auto d = std::get<NewDeployment>(parse_new_deployment(R"({"ref":"main"})"));
  EXPECT_EQ(d.task, "deploy");
  EXPECT_EQ(d.environment, "production");
  EXPECT_EQ(d.payload, "{}");
  EXPECT_EQ(d.description, "");
  EXPECT_TRUE(d.auto_merge);
  EXPECT_FALSE(d.required_contexts);
  EXPECT_FALSE(d.production_environment);
  EXPECT_FALSE(d.transient_environment);
}

TEST(GitHubCreateDeploymentBody, EveryField) {
  auto d = std::get<NewDeployment>(parse_new_deployment(
      R"({"ref":"v1","task":"deploy:pin","auto_merge":false,"required_contexts":[],"payload":{"image":"x"},)"
      R"("environment":"supabase-abc","description":null,"transient_environment":true,"production_environment":true})"));
  EXPECT_EQ(d.ref, "v1");
  EXPECT_EQ(d.task, "deploy:pin");
  EXPECT_FALSE(d.auto_merge);
  ASSERT_TRUE(d.required_contexts);
  EXPECT_TRUE(d.required_contexts->empty());
  EXPECT_EQ(d.payload, R"({"image":"x"})");
  EXPECT_EQ(d.environment, "supabase-abc");
  EXPECT_FALSE(d.description);
  EXPECT_TRUE(d.transient_environment);
  EXPECT_EQ(d.production_environment, true);
}

TEST(GitHubCreateDeploymentBody, PayloadMayBeAJsonString) {
  auto d = std::get<NewDeployment>(parse_new_deployment(R"({"ref":"main","payload":"{ \"deploy\": \"migrate\" }"})"));
  EXPECT_EQ(d.payload, R"("{ \"deploy\": \"migrate\" }")");
}

TEST(GitHubCreateDeploymentBody, SchemaErrorsWordedAsGitHubWordsThem) {
  auto missing = error_of(parse_new_deployment(R"({"task":5})"));
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(missing.message, "Invalid request.\n\n\"ref\" wasn't supplied.\nFor 'properties/task', 5 is not a string.");
  EXPECT_EQ(missing.errors_json, "");
  EXPECT_EQ(error_of(parse_new_deployment(R"({"ref":"m","auto_merge":"no"})")).message,
            "Invalid request.\n\nFor 'properties/auto_merge', \"no\" is not a boolean.");
  EXPECT_EQ(error_of(parse_new_deployment(R"({"ref":"m","description":7})")).message,
            "Invalid request.\n\nFor 'properties/description', 7 is not a string or null.");
  EXPECT_EQ(error_of(parse_new_deployment(R"({"ref":"m","payload":[1]})")).message,
            "Invalid request.\n\nFor 'properties/payload', [1] is not an object or string.");
  EXPECT_EQ(error_of(parse_new_deployment(R"({"ref":null})")).message,
            "Invalid request.\n\nFor 'properties/ref', nil is not a string.");
  EXPECT_EQ(error_of(parse_new_deployment(R"({"ref":"m","required_contexts":["ci",2]})")).message,
            "Invalid request.\n\nFor 'items', 2 is not a string.");
}

TEST(GitHubCreateDeploymentBody, NotJsonOrNotAnObjectIs400) {
  EXPECT_EQ(error_of(parse_new_deployment("{")).status, 400);
  EXPECT_EQ(error_of(parse_new_deployment("{")).message, "Problems parsing JSON");
  EXPECT_EQ(error_of(parse_new_deployment("[]")).status, 400);
}

TEST(GitHubCreateStatusBody, StatesAndAliases) {
  auto s = std::get<NewStatus>(parse_new_status(R"({"state":"success","target_url":"https://ci/1"})"));
  EXPECT_EQ(s.log_url, "https://ci/1") << "target_url stands in for log_url";
  EXPECT_TRUE(s.auto_inactive);
  EXPECT_FALSE(s.environment);
  s = std::get<NewStatus>(parse_new_status(
      R"({"state":"in_progress","log_url":"L","target_url":"T","environment":"e","environment_url":"U","description":"d"})"));
  EXPECT_EQ(s.log_url, "L");
  EXPECT_EQ(s.environment, "e");
  EXPECT_EQ(s.environment_url, "U");
  EXPECT_EQ(s.description, "d");
}

TEST(GitHubCreateStatusBody, AutoInactiveIsOffOnlyForJsonFalse) {
  EXPECT_FALSE(std::get<NewStatus>(parse_new_status(R"({"state":"success","auto_inactive":false})")).auto_inactive);
  EXPECT_TRUE(std::get<NewStatus>(parse_new_status(R"({"state":"success","auto_inactive":"false"})")).auto_inactive)
      << "a string is truthy in GitHub's Ruby";
  EXPECT_TRUE(std::get<NewStatus>(parse_new_status(R"({"state":"success","auto_inactive":null})")).auto_inactive);
}

TEST(GitHubCreateStatusBody, ValidationFailedForUnknownStateOrLongDescription) {
  for (const char* body : {R"({"state":"done"})", R"({})", R"({"state":1})"}) {
    auto error = std::get<ApiError>(parse_new_status(body));
    EXPECT_EQ(error.status, 422) << body;
    EXPECT_EQ(error.message, "Validation Failed");
    EXPECT_NE(error.errors_json.find("state is not included in the list"), std::string::npos);
  }
  const std::string long_description = R"({"state":"success","description":")" + std::string(141, 'x') + "\"}";
  EXPECT_EQ(std::get<ApiError>(parse_new_status(long_description)).status, 422);
  const std::string longest = R"({"state":"success","description":")" + std::string(140, 'x') + "\"}";
  EXPECT_TRUE(std::holds_alternative<NewStatus>(parse_new_status(longest)));
}

}  // namespace
}  // namespace flypin::emulators::github
