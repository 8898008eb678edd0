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
  for (int i = 0; i < 100'000; ++i) seen.insert(choose_tag("", "d-").value());
  EXPECT_EQ(seen.size(), 100'000u);
}

TEST(Tag, KeepsAGivenValidTag) { EXPECT_EQ(choose_tag("v1.2.3_rc-1", "x-").value(), "v1.2.3_rc-1"); }

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
  EXPECT_TRUE(validate_tag(std::string(128, 'a')).ok());
}

TEST(Tag, RefusesAPrefixThatBreaksTheGrammar) {
  auto tag = choose_tag("", "bad prefix-");
  ASSERT_FALSE(tag.ok());
  EXPECT_NE(tag.error().message.find("--tag-prefix"), std::string::npos);
}

}  // namespace
}  // namespace flypin::build
