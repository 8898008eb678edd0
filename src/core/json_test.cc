#include "core/json.h"

#include <gtest/gtest.h>

#include <string>

namespace flypin::core::json {
namespace {

std::string nested(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonParse, ReadsAnOrdinaryDocument) {
  auto doc = parse(R"({"a":[1,{"b":"c"}],"d":true})", "test");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(get_bool(*doc, "d"), true);
  EXPECT_EQ(to_string(*doc), R"({"a":[1,{"b":"c"}],"d":true})");
}

TEST(JsonParse, AcceptsNestingUpToTheLimit) {
  auto doc = parse(nested(kMaxDepth), "test");
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(to_string(*doc), nested(kMaxDepth));
}

TEST(JsonParse, RefusesNestingPastTheLimitWithoutRecursing) {
  for (size_t depth : {kMaxDepth + 1, size_t{150'000}}) {
    auto doc = parse(nested(depth), "manifest");
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.error().kind, ErrorKind::kDecode);
    EXPECT_EQ(doc.error().message,
              "could not parse manifest as JSON: nested deeper than 64 levels at offset " + std::to_string(kMaxDepth));
  }
  std::string objects;
  for (size_t i = 0; i < 100'000; ++i) objects += R"({"a":)";
  EXPECT_FALSE(parse(objects, "test").ok());
}

TEST(JsonParse, NamesTheSyntaxError) {
  auto doc = parse("{not json", "token response");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().kind, ErrorKind::kDecode);
  EXPECT_NE(doc.error().message.find("could not parse token response as JSON: "), std::string::npos);
  EXPECT_EQ(doc.error().message.find("nested"), std::string::npos);
}

TEST(JsonParse, EmptyTextIsAnError) { EXPECT_FALSE(parse("", "test").ok()); }

}  // namespace
}  // namespace flypin::core::json

TEST(JsonGetInt, AcceptsWholeNumbersInRangeOnly) {
  auto doc = flypin::core::json::parse(R"({"a":3,"b":4.0,"c":1e300,"d":1.5,"e":-2e18,"f":"7"})", "test");
  ASSERT_TRUE(doc.ok());
  using flypin::core::json::get_int;
  EXPECT_EQ(get_int(*doc, "a"), 3);
  EXPECT_EQ(get_int(*doc, "b"), 4);
  EXPECT_EQ(get_int(*doc, "c"), std::nullopt);
  EXPECT_EQ(get_int(*doc, "d"), std::nullopt);
  EXPECT_EQ(get_int(*doc, "e"), -2000000000000000000LL);
  EXPECT_EQ(get_int(*doc, "f"), std::nullopt);
}
