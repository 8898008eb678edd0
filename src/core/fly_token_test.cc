#include "core/fly_token.h"

#include <gtest/gtest.h>

namespace flypin::core {
namespace {

using EnvMap = std::map<std::string, std::string>;

TEST(FlyToken, ApiTokenFirstThenAccessTokenElseNone) {
  auto both = fly_token(Environment(EnvMap{{"FLY_API_TOKEN", "a"}, {"FLY_ACCESS_TOKEN", "b"}}));
  ASSERT_TRUE(both);
  EXPECT_EQ(both->value, "a");
  EXPECT_EQ(both->variable, "FLY_API_TOKEN");
  auto access = fly_token(Environment(EnvMap{{"FLY_ACCESS_TOKEN", "b"}}));
  ASSERT_TRUE(access);
  EXPECT_EQ(access->value, "b");
  EXPECT_EQ(access->variable, "FLY_ACCESS_TOKEN");
  EXPECT_FALSE(fly_token(Environment()));
}

}  // namespace
}  // namespace flypin::core
