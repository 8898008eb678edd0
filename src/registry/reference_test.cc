#include "registry/reference.h"

#include <gtest/gtest.h>

#include "registry/platform.h"

namespace flypin::registry {
namespace {

const std::string kHex(64, 'a');

struct Valid {
  std::string input, domain, path, tag, digest, str;
};

class ValidReference : public ::testing::TestWithParam<Valid> {};

TEST_P(ValidReference, Parses) {
  const auto& v = GetParam();
  auto ref = parse_reference(v.input);
  ASSERT_TRUE(ref.ok()) << v.input << ": " << ref.error().message;
  EXPECT_EQ(ref->domain, v.domain);
  EXPECT_EQ(ref->path, v.path);
  EXPECT_EQ(ref->tag, v.tag);
  EXPECT_EQ(ref->digest, v.digest);
  EXPECT_EQ(ref->str(), v.str);
}

INSTANTIATE_TEST_SUITE_P(
    Grammar, ValidReference,
    ::testing::Values(
        Valid{"nginx", "docker.io", "library/nginx", "latest", "", "docker.io/library/nginx:latest"},
        Valid{"nginx:1.25", "docker.io", "library/nginx", "1.25", "", "docker.io/library/nginx:1.25"},
        Valid{"org/app:v1", "docker.io", "org/app", "v1", "", "docker.io/org/app:v1"},
        Valid{"docker.io/nginx", "docker.io", "library/nginx", "latest", "", "docker.io/library/nginx:latest"},
        Valid{"index.docker.io/library/nginx:x", "docker.io", "library/nginx", "x", "", "docker.io/library/nginx:x"},
        Valid{"localhost/app", "localhost", "app", "latest", "", "localhost/app:latest"},
        Valid{"localhost:5000/app:t", "localhost:5000", "app", "t", "", "localhost:5000/app:t"},
        Valid{"127.0.0.1:5000/a/b/c:deployment-01HX", "127.0.0.1:5000", "a/b/c", "deployment-01HX", "",
              "127.0.0.1:5000/a/b/c:deployment-01HX"},
        Valid{"ghcr.io/o/a-b__c.d_e---f:T_1.x-y", "ghcr.io", "o/a-b__c.d_e---f", "T_1.x-y", "",
              "ghcr.io/o/a-b__c.d_e---f:T_1.x-y"},
        Valid{"registry.fly.io/app@sha256:" + kHex, "registry.fly.io", "app", "", "sha256:" + kHex,
              "registry.fly.io/app@sha256:" + kHex},
        Valid{"registry.fly.io/app:v2@sha256:" + kHex, "registry.fly.io", "app", "v2", "sha256:" + kHex,
              "registry.fly.io/app:v2@sha256:" + kHex},
        Valid{"[::1]:5000/app:v", "[::1]:5000", "app", "v", "", "[::1]:5000/app:v"},
        Valid{"Foo.example/app", "Foo.example", "app", "latest", "", "Foo.example/app:latest"},
        Valid{"example.com:443/app:" + std::string(128, 'x'), "example.com:443", "app", std::string(128, 'x'), "",
              "example.com:443/app:" + std::string(128, 'x')}));

class InvalidReference : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(InvalidReference, IsRejectedWithReason) {
  auto ref = parse_reference(GetParam().first);
  ASSERT_FALSE(ref.ok()) << GetParam().first << " parsed as " << ref->str();
  EXPECT_EQ(ref.error().kind, core::ErrorKind::kUsage);
  EXPECT_NE(ref.error().message.find(GetParam().second), std::string::npos) << ref.error().message;
  EXPECT_EQ(ref.error().message.find('\n'), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    Grammar, InvalidReference,
    ::testing::Values(
        std::pair{std::string(""), std::string("empty")}, std::pair{std::string("App"), std::string("lowercase")},
        std::pair{std::string("ghcr.io/Org/app"), std::string("lowercase")},
        std::pair{std::string("app:"), std::string("tag")}, std::pair{std::string("app:-x"), std::string("tag")},
        std::pair{std::string("app:" + std::string(129, 'x')), std::string("tag")},
        std::pair{std::string("app@sha256:abc"), std::string("64 hex")},
        std::pair{std::string("app@sha256:" + std::string(64, 'A')), std::string("lowercase hex")},
        std::pair{std::string("app@" + kHex), std::string("algorithm:hex")},
        std::pair{std::string("a//b"), std::string("path component")},
        std::pair{std::string("a/-b"), std::string("path component")},
        std::pair{std::string("a/b..c"), std::string("path component")},
        std::pair{std::string("a/b___c"), std::string("path component")},
        std::pair{std::string("a/b_"), std::string("path component")},
        std::pair{std::string("ex-.com/app"), std::string("registry host")},
        std::pair{std::string("example.com:port/app"), std::string("registry host")},
        std::pair{std::string("app b"), std::string("whitespace")},
        std::pair{std::string("ghcr.io/" + std::string(248, 'a')), std::string("255")},
        std::pair{std::string(":tag"), std::string("empty")}));

TEST(Reference, NameLengthLimitCountsTheWholeName) {
  EXPECT_TRUE(parse_reference("ghcr.io/" + std::string(247, 'a')).ok());  // 8 + 247 = 255
  EXPECT_FALSE(parse_reference("ghcr.io/" + std::string(248, 'a')).ok());
}

TEST(Reference, ApiBaseIsHttpOnlyOnLoopback) {
  EXPECT_EQ(parse_reference("127.0.0.1:5000/a")->api_base(), "http://127.0.0.1:5000");
  EXPECT_EQ(parse_reference("127.1.2.3/a")->api_base(), "http://127.1.2.3");
  EXPECT_EQ(parse_reference("localhost:5000/a")->api_base(), "http://localhost:5000");
  EXPECT_EQ(parse_reference("[::1]:5000/a")->api_base(), "http://[::1]:5000");
  EXPECT_EQ(parse_reference("127.example.com/a")->api_base(), "https://127.example.com");
  EXPECT_EQ(parse_reference("localhost.evil.com/a")->api_base(), "https://localhost.evil.com");
  EXPECT_EQ(parse_reference("nginx")->api_base(), "https://registry-1.docker.io");
  EXPECT_EQ(parse_reference("registry.fly.io/app:x")->api_base(), "https://registry.fly.io");
}

TEST(Platform, ParsesAndMatches) {
  auto p = Platform::parse("linux/arm64/v8");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->str(), "linux/arm64/v8");
  EXPECT_TRUE(p->matched_by({"linux", "arm64", ""}));
  EXPECT_FALSE(p->matched_by({"linux", "amd64", ""}));
  EXPECT_TRUE(Platform::parse("linux/amd64")->matched_by({"linux", "amd64", "v3"}));
  EXPECT_FALSE(Platform::parse("linux/arm/v7")->matched_by({"linux", "arm", "v6"}));
  for (const char* bad : {"linux", "linux/", "/amd64", "linux/amd64/v8/x", "Linux/amd64", ""}) {
    EXPECT_FALSE(Platform::parse(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace flypin::registry
