// registry::list_tags against scripted registries that misbehave.

#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "core/curl_http_client.h"
#include "registry/tag_list.h"
#include "support/hostile/endless_body.h"
#include "support/hostile/scripted_server.h"

namespace flypin::registry {
namespace {

using hostile::Conn;
using hostile::Request;
using hostile::ScriptedServer;

const hostile::HeaderList kJson{{"Content-Type", "application/json"}};

class HostileTagList : public ::testing::Test {
 protected:
  core::Result<TagList> list(const ScriptedServer& server, TagListOptions options = {}) {
    AuthSession session(http_, Credential{.username = "u", .password = "hostileTagListPassword", .source = "test"},
                        server.url());
    return list_tags(session, parse_reference(server.host() + "/app").value(), options);
  }
  core::CurlHttpClient http_;
};

TEST_F(HostileTagList, NextLinkToAnotherHostIsNotFollowed) {
  ScriptedServer elsewhere([](const Request&, Conn& c) { c.respond(200, kJson, R"({"tags":["x"]})"); });
  ScriptedServer registry([&](const Request&, Conn& c) {
    c.respond(200,
              {{"Content-Type", "application/json"},
               {"Link", "<" + elsewhere.url() + "/v2/app/tags/list?n=1>; rel=\"next\""}},
              R"({"name":"app","tags":["a"]})");
  });
  auto got = list(registry);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().kind, core::ErrorKind::kCheck);
  EXPECT_EQ(elsewhere.request_count(), 0u);
  EXPECT_FALSE(elsewhere.saw("hostileTagListPassword"));
}

TEST_F(HostileTagList, NotServedIsAnAnswer) {
  for (int status : {404, 405, 501}) {
    ScriptedServer registry([status](const Request&, Conn& c) {
      c.respond(status, kJson, R"({"errors":[{"code":"UNSUPPORTED","message":"nope"}]})");
    });
    auto got = list(registry);
    ASSERT_TRUE(got.ok()) << got.error().describe();
    EXPECT_EQ(got->listing, TagListing::kNotServed) << status;
    EXPECT_NE(got->why_not.find(std::to_string(status)), std::string::npos) << got->why_not;
  }
  ScriptedServer refusing([](const Request&, Conn& c) { c.respond(403, kJson, "{}"); });
  EXPECT_FALSE(list(refusing).ok());
}

TEST_F(HostileTagList, EndlessLinksStopAtThePageCap) {
  std::atomic<int> n{0};
  ScriptedServer registry([&](const Request&, Conn& c) {
    const auto i = std::to_string(++n);
    c.respond(200,
              {{"Content-Type", "application/json"}, {"Link", "</v2/app/tags/list?n=1&last=t" + i + ">; rel=\"next\""}},
              R"({"name":"app","tags":["t)" + i + R"("]})");
  });
  auto got = list(registry, {.page_size = 1, .max_pages = 5});
  ASSERT_TRUE(got.ok()) << got.error().describe();
  EXPECT_EQ(got->tags.size(), 5u);
  EXPECT_EQ(got->more, MoreTags::kYes);
  EXPECT_EQ(registry.request_count(), 5u);
}

TEST_F(HostileTagList, ALinkThatGoesRoundInCirclesEnds) {
  ScriptedServer registry([](const Request&, Conn& c) {
    c.respond(200, {{"Content-Type", "application/json"}, {"Link", "</v2/app/tags/list?n=2>; rel=\"next\""}},
              R"({"name":"app","tags":["a","b"]})");
  });
  auto got = list(registry, {.page_size = 2});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(registry.request_count(), 2u);
}

TEST_F(HostileTagList, FollowsRelativeLinksAndStopsWithoutOne) {
  ScriptedServer registry([](const Request& r, Conn& c) {
    if (r.query == "n=2") {
      c.respond(200, {{"Content-Type", "application/json"}, {"Link", "</v2/app/tags/list?n=2&last=b>; rel=\"next\""}},
                R"({"tags":["a","b"]})");
      return;
    }
    if (r.query == "n=2&last=b") {
      c.respond(200, kJson, R"({"tags":["c","d"]})");
      return;
    }
    c.respond(400, kJson, "{}");
  });
  auto got = list(registry, {.page_size = 2});
  ASSERT_TRUE(got.ok()) << got.error().describe();
  EXPECT_EQ(got->tags, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(registry.request_count(), 2u) << "a full page without Link is the last one";
}

TEST_F(HostileTagList, EndlessBodyIsCut) {
  ScriptedServer registry([](const Request&, Conn& c) { hostile::endless_json(c, R"({"tags":[)"); });
  auto got = list(registry);
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.error().describe().find("1 MiB"), std::string::npos) << got.error().describe();
}

TEST_F(HostileTagList, DeeplyNestedBodyIsADecodeError) {
  ScriptedServer registry([](const Request&, Conn& c) { c.respond(200, kJson, hostile::nested_json(100'000)); });
  auto got = list(registry);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().kind, core::ErrorKind::kDecode);
}

}  // namespace
}  // namespace flypin::registry
