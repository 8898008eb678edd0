// registry::list_tags against the real docker-registry of the test bed, in Basic
// and token mode. Debian's docker-registry (distribution 2.8) ignores `n` and
// answers every tag without a Link header; paging by Link is proven against
// scripted registries (tests/modules/registry/hostile).

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <memory>

#include "core/curl_http_client.h"
#include "registry/auth.h"
#include "registry/manifest.h"
#include "registry/tag_list.h"
#include "registry/ulid_time.h"
#include "support/testbed/testbed.h"

namespace flypin::registry {
namespace {

using testbed::AuthMode;
using testbed::LocalRegistry;

const std::vector<std::string> kTags = {"deployment-01KBBKB1000000000000000000",
                                        "deployment-01KBBKB2000000000000000000",
                                        "deployment-01KBBKB3000000000000000000", "latest", "v1"};

class TagListE2E : public ::testing::TestWithParam<AuthMode> {
 protected:
  static void SetUpTestSuite() {
    for (auto mode : {AuthMode::kBasic, AuthMode::kToken}) {
      auto& reg = registries()[static_cast<int>(mode)];
      reg = std::make_unique<LocalRegistry>(mode);
      reg->push_image("app", "v1");
      core::CurlHttpClient http;
      AuthSession session(http, credential(*reg), "http://" + reg->host());
      // The other tags name the same manifest: PUT it again under each.
      core::HttpRequest get{
          .method = "GET", .url = "http://" + reg->host() + "/v2/app/manifests/v1", .api = "registry"};
      get.headers.set("Accept", manifest_accept());
      auto manifest = session.send(get, "repository:app:pull");
      ASSERT_TRUE(manifest.ok() && manifest->status == 200);
      for (const auto& tag : kTags) {
        if (tag == "v1") continue;
        core::HttpRequest put{.method = "PUT",
                              .url = "http://" + reg->host() + "/v2/app/manifests/" + tag,
                              .body = manifest->body,
                              .api = "registry"};
        put.headers.set("Content-Type", manifest->headers.get("Content-Type").value_or(""));
        auto res = session.send(put, "repository:app:pull,push");
        ASSERT_TRUE(res.ok() && res->status == 201) << (res.ok() ? res->body : res.error().describe());
      }
    }
  }
  static void TearDownTestSuite() {
    for (auto& r : registries()) r.reset();
  }
  static std::array<std::unique_ptr<LocalRegistry>, 2>& registries() {
    static std::array<std::unique_ptr<LocalRegistry>, 2> all;
    return all;
  }
  static Credential credential(const LocalRegistry& reg) {
    return {.username = reg.username(), .password = reg.password(), .source = "REGISTRY_USERNAME/REGISTRY_PASSWORD"};
  }
  LocalRegistry& reg() { return *registries()[static_cast<int>(GetParam())]; }
  core::Result<TagList> list(const std::string& repo, TagListOptions options, const Credential& cred) {
    AuthSession session(http_, cred, "http://" + reg().host());
    return list_tags(session, parse_reference(reg().host() + "/" + repo).value(), options);
  }

  core::CurlHttpClient http_;
};

TEST_P(TagListE2E, ListsEveryTag) {
  const auto before = reg().requests_seen();
  auto got = list("app", {.page_size = 2}, credential(reg()));
  ASSERT_TRUE(got.ok()) << got.error().describe();
  EXPECT_EQ(got->listing, TagListing::kServed);
  auto tags = got->tags;
  std::sort(tags.begin(), tags.end());
  EXPECT_EQ(tags, kTags);
  EXPECT_EQ(got->more, MoreTags::kNo);
  // One GET (after the 401 that starts a token session).
  EXPECT_EQ(reg().requests_seen() - before, GetParam() == AuthMode::kToken ? 2u : 1u);

  std::vector<std::int64_t> times;
  for (const auto& tag : got->tags) {
    if (auto ms = deployment_tag_unix_ms(tag)) times.push_back(*ms);
  }
  ASSERT_EQ(times.size(), 3u);
  EXPECT_EQ(*std::max_element(times.begin(), times.end()),
            deployment_tag_unix_ms("deployment-01KBBKB3000000000000000000"));
}

TEST_P(TagListE2E, UnknownRepositoryIsNotServed) {
  auto got = list("nothing-here", {}, credential(reg()));
  ASSERT_TRUE(got.ok()) << got.error().describe();
  EXPECT_EQ(got->listing, TagListing::kNotServed);
  EXPECT_NE(got->why_not.find("404"), std::string::npos) << got->why_not;
}

TEST_P(TagListE2E, WrongPasswordIsAnErrorNotAnEmptyList) {
  auto got = list("app", {}, {.username = reg().username(), .password = "wrong-password", .source = "test"});
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().http_status, 401) << got.error().describe();
}

INSTANTIATE_TEST_SUITE_P(Auth, TagListE2E, ::testing::Values(AuthMode::kBasic, AuthMode::kToken),
                         [](const auto& info) { return info.param == AuthMode::kBasic ? "Basic" : "Token"; });

}  // namespace
}  // namespace flypin::registry
