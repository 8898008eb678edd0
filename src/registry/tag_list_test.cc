#include "registry/tag_list.h"

#include <gtest/gtest.h>

namespace flypin::registry {
namespace {

TEST(TagListJson, ReadsTags) {
  auto tags = parse_tag_list(R"({"name":"app","tags":["deployment-01KBBKB1000000000000000000","latest"]})");
  ASSERT_TRUE(tags.ok());
  EXPECT_EQ(*tags, (std::vector<std::string>{"deployment-01KBBKB1000000000000000000", "latest"}));
}

TEST(TagListJson, NullOrMissingTagsAreNone) {
  for (const char* body : {R"({"name":"app","tags":null})", R"({"name":"app"})", R"({"tags":[]})"}) {
    auto tags = parse_tag_list(body);
    ASSERT_TRUE(tags.ok()) << body;
    EXPECT_TRUE(tags->empty()) << body;
  }
}

TEST(TagListJson, RefusesOtherShapes) {
  for (const char* body : {"", "[]", R"({"tags":"latest"})", R"({"tags":[1]})", R"({"tags":[)"}) {
    auto tags = parse_tag_list(body);
    ASSERT_FALSE(tags.ok()) << body;
    EXPECT_EQ(tags.error().kind, core::ErrorKind::kDecode) << body;
  }
}

}  // namespace
}  // namespace flypin::registry
