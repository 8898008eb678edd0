#include "registry/challenge.h"

#include <gtest/gtest.h>

namespace flypin::registry {
namespace {

TEST(Challenge, ParsesBearerWithQuotedParams) {
  auto chs = parse_challenges(
      R"(Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull,push")");
  ASSERT_EQ(chs.size(), 1u);
  EXPECT_EQ(chs[0].scheme, "bearer");
  EXPECT_EQ(chs[0].param("realm"), "https://auth.example/token");
  EXPECT_EQ(chs[0].param("service"), "registry.example");
  EXPECT_EQ(chs[0].param("scope"), "repository:a/b:pull,push");
}

TEST(Challenge, ParsesSeveralChallengesAndUnquotedValues) {
  auto chs = parse_challenges(R"(Basic realm="Registry Realm", Bearer realm=https://t.example/x, service=svc)");
  ASSERT_EQ(chs.size(), 2u);
  EXPECT_EQ(chs[0].scheme, "basic");
  EXPECT_EQ(chs[0].param("realm"), "Registry Realm");
  EXPECT_EQ(chs[1].scheme, "bearer");
  EXPECT_EQ(chs[1].param("realm"), "https://t.example/x");
  EXPECT_EQ(chs[1].param("service"), "svc");
}

TEST(Challenge, SchemeAndKeysAreCaseInsensitiveAndEscapesWork) {
  auto chs = parse_challenges(R"(BEARER Realm="a\"b", Error="insufficient_scope")");
  ASSERT_EQ(chs.size(), 1u);
  EXPECT_EQ(chs[0].scheme, "bearer");
  EXPECT_EQ(chs[0].param("realm"), "a\"b");
  EXPECT_EQ(chs[0].param("error"), "insufficient_scope");
}

TEST(Challenge, BareSchemeAndEmptyHeader) {
  EXPECT_TRUE(parse_challenges("").empty());
  auto chs = parse_challenges("Basic");
  ASSERT_EQ(chs.size(), 1u);
  EXPECT_TRUE(chs[0].params.empty());
}

TEST(Challenge, FindsAcrossHeaders) {
  auto found = find_challenge({"Basic realm=x", "Bearer realm=\"r\""}, "bearer");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->param("realm"), "r");
  EXPECT_FALSE(find_challenge({"Basic realm=x"}, "bearer"));
}

}  // namespace
}  // namespace flypin::registry
