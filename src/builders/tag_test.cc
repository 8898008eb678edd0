#include "builders/tag.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace flypin::build {
namespace {

TEST(Tag, GeneratesADeploymentTag) {
  auto tag = choose_tag("", std::string(kDefaultTagPrefix));
  ASSERT_TRUE(tag.ok());
  EXPECT_TRUE(registry::is_deployment_tag(*tag)) << *tag;
}

TEST(Tag, RefusesWhatOnlyLooksLikeADeploymentTag) {
  for (const std::string bad : {"deployment-latest", "deployment-", "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3"}) {
    auto tag = choose_tag(bad, std::string(kDefaultTagPrefix));
    ASSERT_FALSE(tag.ok()) << bad;
    EXPECT_EQ(tag.error().kind, core::ErrorKind::kUsage);
    EXPECT_NE(tag.error().message.find("is not deployment-<ULID>"), std::string::npos) << tag.error().message;
  }
  EXPECT_FALSE(choose_tag("", "deployment-x-").ok());
  EXPECT_TRUE(choose_tag("deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D", "x-").ok());
}

TEST(Tag, HundredThousandGeneratedTagsAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100'000; ++i) seen.insert(choose_tag("", std::string(kDefaultTagPrefix)).value());
  EXPECT_EQ(seen.size(), 100'000u);
}

TEST(Tag, KeepsAGivenDeploymentTag) {
  EXPECT_EQ(choose_tag("deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D", "x-").value(), "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D");
}

// F1 from both sides: what pin-image would refuse as mutable is never made.
TEST(Tag, RefusesEveryTagThatCanMove) {
  for (const std::string bad : {"v1.2.3_rc-1", "release-01JD7W5Q9R2M4X8Y6Z0A1B2C3D", "X"}) {
    auto tag = choose_tag(bad, std::string(kDefaultTagPrefix));
    ASSERT_FALSE(tag.ok()) << bad;
    EXPECT_EQ(tag.error().message, "refusing to make the mutable tag '" + bad +
                                       "': only deployment-<ULID> tags are immutable; pin-image would refuse it "
                                       "(leave --tag out to get a new deployment-<ULID>)");
  }
  auto prefix = choose_tag("", "release-");
  ASSERT_FALSE(prefix.ok());
  EXPECT_EQ(prefix.error().message,
            "refusing --tag-prefix 'release-': it makes mutable tags such as release-01ARZ3NDEKTSV4RRFFQ69G5FAV (only "
            "deployment-<ULID> tags are immutable), which pin-image would refuse; leave it out");
}

TEST(Tag, RefusesLatest) {
  auto tag = choose_tag("latest", std::string(kDefaultTagPrefix));
  ASSERT_FALSE(tag.ok());
  EXPECT_EQ(tag.error().kind, core::ErrorKind::kUsage);
  EXPECT_NE(tag.error().message.find("latest"), std::string::npos);
}

TEST(Tag, RefusesWhatTheGrammarRejects) {
  for (const std::string& bad :
       std::vector<std::string>{"-lead", ".lead", "has space", "a:b", "a/b", "a@b", std::string(129, 'a')}) {
    EXPECT_FALSE(validate_tag(bad).ok()) << bad;
  }
  EXPECT_NE(validate_tag("a b").error().message.find("--tag: "), std::string::npos);
}

TEST(Tag, RefusesAPrefixThatBreaksTheGrammar) {
  auto tag = choose_tag("", "bad prefix-");
  ASSERT_FALSE(tag.ok());
  EXPECT_NE(tag.error().message.find("--tag-prefix 'bad prefix-' makes invalid tags"), std::string::npos)
      << tag.error().message;
}

}  // namespace
}  // namespace flypin::build
