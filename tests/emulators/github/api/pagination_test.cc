#include "emulators/github/api/pagination.h"

#include <gtest/gtest.h>

namespace flypin::emulators::github {
namespace {

constexpr const char* kList = "http://127.0.0.1:9/repositories/7/deployments";

TEST(GitHubPagination, DefaultsAndLimits) {
  auto p = page_request(QueryString(""));
  EXPECT_EQ(p.per_page, 30);
  EXPECT_EQ(p.page, 1);
  p = page_request(QueryString("per_page=500&page=3"));
  EXPECT_EQ(p.per_page, 100);
  EXPECT_EQ(p.page, 3);
  p = page_request(QueryString("per_page=0&page=-2"));
  EXPECT_EQ(p.per_page, 30);
  EXPECT_EQ(p.page, 1);
  p = page_request(QueryString("per_page=ten&page=2x"));
  EXPECT_EQ(p.per_page, 30);
  EXPECT_EQ(p.page, 1);
}

TEST(GitHubPagination, SlicesAndCountsPages) {
  auto s = page_slice(5, {2, 3});
  EXPECT_EQ(s.begin, 4u);
  EXPECT_EQ(s.end, 5u);
  EXPECT_EQ(s.last_page, 3);
  s = page_slice(5, {2, 9});
  EXPECT_EQ(s.begin, 5u);
  EXPECT_EQ(s.end, 5u);
  EXPECT_EQ(page_slice(0, {30, 1}).last_page, 1);
}

TEST(GitHubPagination, NoLinkWhenOnePageHoldsEverything) {
  EXPECT_EQ(link_header(kList, QueryString(""), {30, 1}, 0), "");
  EXPECT_EQ(link_header(kList, QueryString(""), {30, 1}, 30), "");
}

TEST(GitHubPagination, LinksInGitHubsOrderKeepingTheOtherParameters) {
  const QueryString query("environment=prod&per_page=2");
  EXPECT_EQ(link_header(kList, query, {2, 1}, 5),
            "<http://127.0.0.1:9/repositories/7/deployments?environment=prod&per_page=2&page=2>; rel=\"next\", "
            "<http://127.0.0.1:9/repositories/7/deployments?environment=prod&per_page=2&page=3>; rel=\"last\"");
  const QueryString middle("page=2&per_page=2");
  EXPECT_EQ(link_header(kList, middle, {2, 2}, 5),
            "<http://127.0.0.1:9/repositories/7/deployments?page=1&per_page=2>; rel=\"prev\", "
            "<http://127.0.0.1:9/repositories/7/deployments?page=3&per_page=2>; rel=\"next\", "
            "<http://127.0.0.1:9/repositories/7/deployments?page=3&per_page=2>; rel=\"last\", "
            "<http://127.0.0.1:9/repositories/7/deployments?page=1&per_page=2>; rel=\"first\"");
  EXPECT_EQ(link_header(kList, QueryString("per_page=2&page=3"), {2, 3}, 5),
            "<http://127.0.0.1:9/repositories/7/deployments?per_page=2&page=2>; rel=\"prev\", "
            "<http://127.0.0.1:9/repositories/7/deployments?per_page=2&page=1>; rel=\"first\"");
}

TEST(GitHubQueryString, DecodesLookupsAndKeepsRawPairs) {
  const QueryString q("ref=refs%2Fheads%2Fmain&task=deploy+x&ref=second&flag");
  EXPECT_EQ(q.get("ref"), "refs/heads/main");
  EXPECT_EQ(q.get("task"), "deploy x");
  EXPECT_EQ(q.get("flag"), "");
  EXPECT_FALSE(q.get("sha"));
  EXPECT_EQ(q.with("page", "2"), "ref=refs%2Fheads%2Fmain&task=deploy+x&ref=second&flag=&page=2");
  EXPECT_EQ(url_decode("%zz%4"), "%zz%4");
}

}  // namespace
}  // namespace flypin::emulators::github
