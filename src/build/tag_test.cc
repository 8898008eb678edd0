#include "build/tag.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace flypin::build {
namespace {

TEST(Tag, GeneratesPrefixedUlid) {
  auto tag = choose_tag("", kDefaultTagPrefix);
  ASSERT_TRUE(tag.ok());
  EXPECT_EQ(tag->rfind("deployment-", 0), 0u);
  EXPECT_EQ(tag->size(), std::string("deployment-").size() + 26);
}

TEST(Tag, HundredThousandGeneratedTagsAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100'000; ++i) seen.insert(choose_tag("", "d-").value());
  EXPECT_EQ(seen.size(), 100'000u);
}

TEST(Tag, KeepsAGivenValidTag) { EXPECT_EQ(choose_tag("v1.2.3_rc-1", "x-").value(), "v1.2.3_rc-1"); }

TEST(Tag, RefusesLatest) {
  auto tag = choose_tag("latest", kDefaultTagPrefix);
  ASSERT_FALSE(tag.ok());
  EXPECT_EQ(tag.error().kind, core::ErrorKind::kUsage);
  EXPECT_NE(tag.error().message.find("latest"), std::string::npos);
}

TEST(Tag, RefusesWhatTheGrammarRejects) {
  for (const std::string& bad : std::vector<std::string>{"-lead", ".lead", "has space", "a:b", "a/b", "a@b", std::string(129, 'a')}) {
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
