#include "emulators/github/auth/credentials.h"

#include <gtest/gtest.h>

#include "core/crypto.h"

namespace flypin::emulators::github {
namespace {

TEST(GitHubCredentials, BearerAndTokenSchemesInAnyCase) {
  EXPECT_EQ(read_credentials("Bearer ghs_1", true).token, "ghs_1");
  EXPECT_EQ(read_credentials("token ghs_2", true).token, "ghs_2");
  auto upper = read_credentials("TOKEN  ghs_3", true);
  EXPECT_EQ(upper.scheme, "token");
  EXPECT_EQ(upper.token, "ghs_3");
}

TEST(GitHubCredentials, BasicCarriesTheTokenAsPasswordOrAsUser) {
  EXPECT_EQ(read_credentials("Basic " + core::base64_encode("x-access-token:ghs_4"), true).token, "ghs_4");
  EXPECT_EQ(read_credentials("Basic " + core::base64_encode("ghp_5:x-oauth-basic"), true).token, "ghp_5");
  EXPECT_EQ(read_credentials("Basic " + core::base64_encode("ghp_6"), true).token, "ghp_6");
  EXPECT_EQ(read_credentials("Basic !!!", true).token, "");
}

TEST(GitHubCredentials, NothingReadableMeansNoToken) {
  EXPECT_FALSE(read_credentials("", false).present);
  EXPECT_EQ(read_credentials("Bearer", true).token, "");
  EXPECT_EQ(read_credentials("Digest abc", true).token, "");
  EXPECT_TRUE(read_credentials("Digest abc", true).present);
}

}  // namespace
}  // namespace flypin::emulators::github
