// Unit tests of the emulator's parts that decide answers: body schema checks
// and state persistence (its limiter and faults: tests/emulators/common).

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "core/crypto.h"
#include "emulators/supabase/api/body_schema.h"
#include "emulators/supabase/store/secret_store.h"

namespace flypin::emulators::supabase {
namespace {

TEST(BodySchema, CreateAcceptsSpecShapedBody) {
  auto parsed = parse_create_body(R"([{"name":"A","value":"1"},{"name":"B","value":""}])");
  ASSERT_EQ(parsed.index(), 0u);
  EXPECT_EQ(std::get<0>(parsed).size(), 2u);
}

TEST(BodySchema, CreateRejectsWhatTheSpecRejects) {
  const std::string long_name(257, 'A');
  const std::string long_value(24577, 'v');
  for (const std::string& bad :
       {std::string("{}"), std::string("nope"), std::string(R"([{"name":"A"}])"),
        std::string(R"([{"name":"A","value":1}])"), std::string(R"([{"name":"SUPABASE_X","value":"1"}])"),
        R"([{"name":")" + long_name + R"(","value":"1"}])", R"([{"name":"A","value":")" + long_value + R"("}])"}) {
    auto parsed = parse_create_body(bad);
    EXPECT_EQ(parsed.index(), 1u) << bad.substr(0, 60);
  }
}

TEST(BodySchema, DeleteAcceptsArrayOfStringsOnly) {
  EXPECT_EQ(parse_delete_body(R"(["A","B"])").index(), 0u);
  EXPECT_EQ(parse_delete_body(R"([1])").index(), 1u);
  EXPECT_EQ(parse_delete_body(R"({"names":["A"]})").index(), 1u);
}

TEST(BodySchema, ProjectRefIsTwentyLowercaseLetters) {
  EXPECT_TRUE(valid_project_ref("abcdefghijklmnopqrst"));
  EXPECT_FALSE(valid_project_ref("abcdefghijklmnopqrs"));
  EXPECT_FALSE(valid_project_ref("abcdefghijklmnopqrsT"));
}

TEST(SecretStore, PersistsAcrossInstances) {
  const auto path = std::filesystem::temp_directory_path() / ("flypin-supabase-state-" + core::random_hex(8) + ".json");
  {
    SecretStore store({"abcdefghijklmnopqrst"}, path.string());
    store.upsert("abcdefghijklmnopqrst", {{"DOCKER_IMAGE", "img:1"}, {"GONE", "x"}});
    store.remove("abcdefghijklmnopqrst", {"GONE"});
    EXPECT_EQ(store.last_error(), "");
  }
  SecretStore reloaded({}, path.string());
  EXPECT_TRUE(reloaded.has_project("abcdefghijklmnopqrst"));
  auto secrets = reloaded.secrets("abcdefghijklmnopqrst");
  ASSERT_TRUE(secrets);
  ASSERT_EQ(secrets->size(), 1u);
  EXPECT_EQ(secrets->at("DOCKER_IMAGE").value, "img:1");
  EXPECT_FALSE(secrets->at("DOCKER_IMAGE").updated_at.empty());
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace flypin::emulators::supabase
