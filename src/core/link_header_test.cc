#include "core/link_header.h"

#include <gtest/gtest.h>

namespace flypin::core {
namespace {

TEST(LinkHeader, FindsNextAmongGitHubRelations) {
  Headers h{{"Link",
             "<https://api.github.com/repositories/1/deployments?per_page=2&page=1>; rel=\"prev\", "
             "<https://api.github.com/repositories/1/deployments?per_page=2&page=3>; rel=\"next\", "
             "<https://api.github.com/repositories/1/deployments?per_page=2&page=5>; rel=\"last\""}};
  EXPECT_EQ(link_target(h, "next"), "https://api.github.com/repositories/1/deployments?per_page=2&page=3");
  EXPECT_EQ(link_target(h, "last"), "https://api.github.com/repositories/1/deployments?per_page=2&page=5");
  EXPECT_EQ(link_target(h, "first"), std::nullopt);
}

TEST(LinkHeader, DistributionFormUnquotedAndListedRelations) {
  Headers h{{"link", "</v2/app/tags/list?n=2&last=b>; rel=next"}};
  EXPECT_EQ(link_target(h, "next"), "/v2/app/tags/list?n=2&last=b");
  Headers listed{{"Link", "<a,b>; title=\"x, y; rel=next\"; rel=\"prev next\""}};
  EXPECT_EQ(link_target(listed, "next"), "a,b");
  Headers two{{"Link", "<x>; rel=\"prev\""}, {"Link", "<y>; REL=\"Next\""}};
  EXPECT_EQ(link_target(two, "next"), "y");
}

TEST(LinkHeader, BrokenValuesYieldNothing) {
  for (const char* v : {"", "next", "<unterminated; rel=next", "<x>; rel", "<x>; rel=\"nextpage\""}) {
    EXPECT_EQ(link_target(Headers{{"Link", v}}, "next"), std::nullopt) << v;
  }
}

TEST(LinkHeader, ResolvesOnlyAbsoluteAndRootedTargets) {
  const std::string base = "http://127.0.0.1:5000/v2/app/tags/list?n=2";
  EXPECT_EQ(resolve_link(base, "/v2/app/tags/list?n=2&last=b"), "http://127.0.0.1:5000/v2/app/tags/list?n=2&last=b");
  EXPECT_EQ(resolve_link(base, "https://other.example/x"), "https://other.example/x");
  EXPECT_EQ(resolve_link(base, "//other.example/x"), std::nullopt);
  EXPECT_EQ(resolve_link(base, "tags/list"), std::nullopt);
  EXPECT_EQ(resolve_link(base, "ftp://h/x"), std::nullopt);
  EXPECT_EQ(resolve_link(base, "/a b"), std::nullopt);
}

TEST(LinkHeader, OriginsCompareSchemeAndAuthorityOnly) {
  EXPECT_EQ(url_origin("https://API.github.com/repos/a/b?x=1"), "https://api.github.com");
  EXPECT_EQ(url_origin("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
  EXPECT_NE(url_origin("https://api.github.com.evil.example/"), url_origin("https://api.github.com/"));
  EXPECT_EQ(url_origin("https://api.github.com@evil.example/"), std::nullopt);
  EXPECT_EQ(url_origin("file:///etc/passwd"), std::nullopt);
  EXPECT_EQ(url_origin("https:///x"), std::nullopt);
}

}  // namespace
}  // namespace flypin::core
