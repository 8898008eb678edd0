#include "emulators/github/api/route.h"

#include <gtest/gtest.h>

namespace flypin::emulators::github {
namespace {

TEST(GitHubRoute, EveryOperationUnderReposPath) {
  auto r = match_route("GET", "/repos/octo/app/deployments");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->endpoint, Endpoint::kListDeployments);
  EXPECT_EQ(r->repo.owner, "octo");
  EXPECT_EQ(r->repo.name, "app");
  EXPECT_EQ(match_route("POST", "/repos/octo/app/deployments")->endpoint, Endpoint::kCreateDeployment);
  r = match_route("GET", "/repos/octo/app/deployments/3000000001");
  EXPECT_EQ(r->endpoint, Endpoint::kGetDeployment);
  EXPECT_EQ(r->deployment_id, 3000000001LL);
  EXPECT_EQ(match_route("DELETE", "/repos/octo/app/deployments/5")->endpoint, Endpoint::kDeleteDeployment);
  EXPECT_EQ(match_route("GET", "/repos/octo/app/deployments/5/statuses")->endpoint, Endpoint::kListStatuses);
  EXPECT_EQ(match_route("POST", "/repos/octo/app/deployments/5/statuses")->endpoint, Endpoint::kCreateStatus);
  r = match_route("GET", "/repos/octo/app/deployments/5/statuses/9");
  EXPECT_EQ(r->endpoint, Endpoint::kGetStatus);
  EXPECT_EQ(r->status_id, 9);
}

TEST(GitHubRoute, RepositoryIdSpellingOfLinkHeaders) {
  auto r = match_route("GET", "/repositories/700000001/deployments/5/statuses");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->repo.repository_id, 700000001);
  EXPECT_EQ(r->endpoint, Endpoint::kListStatuses);
}

TEST(GitHubRoute, NothingElse) {
  for (const auto& [method, path] : std::vector<std::pair<const char*, const char*>>{
           {"PATCH", "/repos/o/r/deployments/1"},
           {"PUT", "/repos/o/r/deployments"},
           {"GET", "/repos/o/r/deployments/"},
           {"GET", "/repos/o/r/deployments/abc"},
           {"GET", "/repos/o/r/deployments/0"},
           {"GET", "/repos/o/r/deployments/1/statuses/2/x"},
           {"GET", "/repos/o/r/deployments/1/comments"},
           {"GET", "/repos/o/r"},
           {"GET", "/repos//r/deployments"},
           {"GET", "/repositories/x/deployments"},
           {"GET", "/user"},
           {"GET", "repos/o/r/deployments"},
       }) {
    EXPECT_FALSE(match_route(method, path)) << method << " " << path;
  }
}

TEST(GitHubRoute, WritesNeedWriteAndEveryOperationHasItsDocs) {
  EXPECT_EQ(permission_needed(Endpoint::kCreateDeployment), Permission::kWrite);
  EXPECT_EQ(permission_needed(Endpoint::kDeleteDeployment), Permission::kWrite);
  EXPECT_EQ(permission_needed(Endpoint::kCreateStatus), Permission::kWrite);
  EXPECT_EQ(permission_needed(Endpoint::kListStatuses), Permission::kRead);
  EXPECT_STREQ(documentation_url(Endpoint::kCreateStatus),
               "https://docs.github.com/rest/deployments/statuses#create-a-deployment-status");
}

}  // namespace
}  // namespace flypin::emulators::github
