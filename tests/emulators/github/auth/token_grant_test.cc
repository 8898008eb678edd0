#include "emulators/github/auth/token_grant.h"

#include <gtest/gtest.h>

namespace flypin::emulators::github {
namespace {

TEST(GitHubTokenSpec, BareTokenMayWriteDeployments) {
  auto grant = std::get<TokenGrant>(parse_token_spec("ghs_abc"));
  EXPECT_EQ(grant.token, "ghs_abc");
  EXPECT_EQ(grant.deployments, Permission::kWrite);
}

TEST(GitHubTokenSpec, ReadsTheDeploymentsLevelAndIgnoresOtherPermissions) {
  EXPECT_EQ(std::get<TokenGrant>(parse_token_spec("r:deployments=read")).deployments, Permission::kRead);
  EXPECT_EQ(std::get<TokenGrant>(parse_token_spec("n:metadata=read,deployments=none")).deployments, Permission::kNone);
  EXPECT_EQ(std::get<TokenGrant>(parse_token_spec("w:metadata=read")).deployments, Permission::kWrite);
}

TEST(GitHubTokenSpec, RejectsWhatItCannotRead) {
  for (const char* bad : {":deployments=read", "t:deployments", "t:deployments=admin", "a b:deployments=read"}) {
    EXPECT_TRUE(std::holds_alternative<std::string>(parse_token_spec(bad))) << bad;
  }
}

TEST(GitHubTokenSpec, WriteImpliesRead) {
  EXPECT_TRUE(permits(Permission::kWrite, Permission::kRead));
  EXPECT_TRUE(permits(Permission::kRead, Permission::kRead));
  EXPECT_FALSE(permits(Permission::kRead, Permission::kWrite));
  EXPECT_FALSE(permits(Permission::kNone, Permission::kRead));
}

}  // namespace
}  // namespace flypin::emulators::github
