// F1 from both sides: whatever build-image makes, pin-image accepts, and what
// pin-image refuses as mutable, build-image refuses to make (one rule:
// registry::mutable_tag_problem).
#include "cmd/pin-image/tag_policy.h"

#include <gtest/gtest.h>

#include <string>

#include "builders/tag.h"

namespace flypin::cmd::pin_image {
namespace {

TEST(TagPolicy, BuildImageMakesExactlyWhatPinImageAccepts) {
  for (const std::string tag : {"deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D", "deployment-7ZZZZZZZZZZZZZZZZZZZZZZZZZ",
                                "latest", "v1.2.3", "release-01JD7W5Q9R2M4X8Y6Z0A1B2C3D", "deployment-latest",
                                "deployment-", "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3U",
                                "deployment-81JD7W5Q9R2M4X8Y6Z0A1B2C3D", "Deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D"}) {
    const bool made = build::validate_tag(tag).ok();
    const bool pinned =
        check_tag_policy(registry::parse_reference("r.io/app:" + tag).value(), MutableTags::kRefuse).ok();
    EXPECT_EQ(made, pinned) << tag;
  }
  for (const std::string prefix : {"deployment-", "release-", "deploy-", "Deployment-", "deployment-x-"}) {
    auto made = build::choose_tag("", prefix);
    EXPECT_EQ(made.ok(), prefix == "deployment-") << prefix;
    if (made.ok()) {
      EXPECT_TRUE(check_tag_policy(registry::parse_reference("r.io/app:" + *made).value(), MutableTags::kRefuse).ok());
    }
  }
}

}  // namespace
}  // namespace flypin::cmd::pin_image
