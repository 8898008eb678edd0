#include "fly/authorization.h"

#include <gtest/gtest.h>

namespace flypin::fly {
namespace {

TEST(FlyAuthorization, MacaroonsGoAsFlyV1CommaJoined) {
  EXPECT_EQ(authorization_header("fm2_abc,fm2_def"), "FlyV1 fm2_abc,fm2_def");
  EXPECT_EQ(authorization_header("fm1r_x"), "FlyV1 fm1r_x");
  EXPECT_EQ(authorization_header("fm1a_y, fm2_z"), "FlyV1 fm1a_y,fm2_z");
}

TEST(FlyAuthorization, ATokenThatCarriesItsSchemeIsSentAsItIs) {
  EXPECT_EQ(authorization_header("FlyV1 fm2_abc,fm2_def"), "FlyV1 fm2_abc,fm2_def");
  EXPECT_EQ(authorization_header("  flyv1 fm2_abc "), "FlyV1 fm2_abc");
  EXPECT_EQ(authorization_header("Bearer FlyV1 fm2_abc"), "FlyV1 fm2_abc");
}

TEST(FlyAuthorization, OtherTokensAreBearer) {
  EXPECT_EQ(authorization_header("fo1_personal"), "Bearer fo1_personal");
  EXPECT_EQ(authorization_header("Bearer abc"), "Bearer abc");
  EXPECT_EQ(authorization_header("fm3_future"), "Bearer fm3_future");
  EXPECT_EQ(authorization_header("fm2"), "Bearer fm2");
}

TEST(FlyAuthorization, UserTokensBesideMacaroonsAreDropped) {
  EXPECT_EQ(authorization_header("fo1_user,fm2_mac"), "FlyV1 fm2_mac");
}

}  // namespace
}  // namespace flypin::fly
