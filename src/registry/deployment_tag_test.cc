#include "registry/deployment_tag.h"

#include <gtest/gtest.h>

#include <string>

namespace flypin::registry {
namespace {

constexpr const char* kUlid = "01JD7W5Q9R2M4X8Y6Z0A1B2C3D";

TEST(DeploymentTag, IsThePrefixAndAUlid) {
  EXPECT_TRUE(is_deployment_tag(deployment_tag(kUlid)));
  EXPECT_TRUE(is_deployment_tag("deployment-7ZZZZZZZZZZZZZZZZZZZZZZZZZ"));  // the last ULID there is
  EXPECT_EQ(deployment_tag_problem(deployment_tag(kUlid)), "");
}

TEST(DeploymentTag, RefusesWhatIsNotAUlid) {
  for (const std::string tag :
       {"deployment-latest", "deployment-", "deployment", "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3",
        "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3DE", "deployment-81JD7W5Q9R2M4X8Y6Z0A1B2C3D",
        "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3I", "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3L",
        "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3O", "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3U",
        "deployment-01jd7w5q9r2m4x8y6z0a1b2c3d", "Deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D",
        "xdeployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D", "latest"}) {
    EXPECT_FALSE(is_deployment_tag(tag)) << tag;
    EXPECT_NE(deployment_tag_problem(tag).find("is not deployment-<ULID>"), std::string::npos) << tag;
  }
}

TEST(DeploymentTag, LooksLikeOneByItsPrefixAlone) {
  EXPECT_TRUE(looks_like_deployment_tag("deployment-latest"));
  EXPECT_FALSE(looks_like_deployment_tag("v1.2.3"));
}

}  // namespace
}  // namespace flypin::registry
