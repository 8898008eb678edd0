#include "fly/logs_json.h"

#include <gtest/gtest.h>

#include <string>

namespace flypin::fly {
namespace {

TEST(LogsJson, ReadsFlyctlShape) {
  auto page = parse_log_page(R"({"data":[
    {"id":"a1","type":"logs","attributes":{"timestamp":"2026-04-16T14:00:00.123456789Z",
      "message":"Error: Cannot find module '/app/server.js'","level":"info","instance":"e82d416a725248",
      "region":"iad","meta":{"instance":"e82d416a725248","region":"iad","event":{"provider":"app"},
      "error":{"code":0,"message":""}}}},
    {"id":"a2","type":"logs","attributes":{"timestamp":"2026-04-16T14:00:01Z","message":"machine exited",
      "level":"info","meta":{"instance":"e82d416a725248","region":"iad","event":{"provider":"runner"},
      "error":{"message":"exit code 1"}}}}],
    "meta":{"next_token":"1776348000123456789"}})");
  ASSERT_TRUE(page.ok()) << page.error().describe();
  ASSERT_EQ(page->entries.size(), 2u);
  const auto& first = page->entries[0];
  EXPECT_EQ(first.id, "a1");
  EXPECT_EQ(first.unix_ns, 1776348000123456789LL);
  EXPECT_EQ(first.text(), "Error: Cannot find module '/app/server.js'");
  EXPECT_EQ(first.provider, "app");
  EXPECT_EQ(first.instance, "e82d416a725248");
  EXPECT_EQ(first.region, "iad");
  const auto& second = page->entries[1];
  EXPECT_EQ(second.provider, "runner");
  EXPECT_EQ(second.instance, "e82d416a725248") << "falls back to meta.instance";
  EXPECT_EQ(second.text(), "exit code 1") << "meta.error.message wins, as in flyctl";
  EXPECT_EQ(page->next_token, "1776348000123456789");
}

TEST(LogsJson, EmptyPageAndOddEntries) {
  auto empty = parse_log_page(R"({"data":[],"meta":{"next_token":""}})");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->entries.empty());
  EXPECT_EQ(empty->next_token, "");

  auto odd = parse_log_page(R"({"data":[1,"x",{"id":"n"},{"attributes":{"timestamp":"yesterday","message":7}}]})");
  ASSERT_TRUE(odd.ok());
  ASSERT_EQ(odd->entries.size(), 1u);
  EXPECT_EQ(odd->entries[0].unix_ns, std::nullopt);
  EXPECT_EQ(odd->entries[0].message, "");
}

TEST(LogsJson, RefusesWhatIsNotAPage) {
  for (const char* bad : {"", "[]", "{}", R"({"data":{}})", "<html>", R"({"data":[)"}) {
    auto page = parse_log_page(bad);
    ASSERT_FALSE(page.ok()) << bad;
    EXPECT_EQ(page.error().kind, core::ErrorKind::kDecode) << bad;
  }
}

TEST(LogsJson, DeepNestingIsADecodeError) {
  std::string deep = R"({"data":[{"attributes":{"message":)" + std::string(200, '[') + std::string(200, ']') + "}}]}";
  auto page = parse_log_page(deep);
  ASSERT_FALSE(page.ok());
  EXPECT_NE(page.error().message.find("nested deeper"), std::string::npos) << page.error().message;
}

TEST(LogsJson, LongMessagesAreCutAsTheyAreRead) {
  const std::string long_line(5000, 'y');
  auto page = parse_log_page(R"({"data":[{"id":"1","attributes":{"message":")" + long_line +
                                 R"(","meta":{"error":{"message":")" + long_line + R"("}}}}]})",
                             1000);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->entries.size(), 1u);
  EXPECT_EQ(page->entries[0].message, std::string(1000, 'y') + " [4000 bytes cut]");
  EXPECT_EQ(page->entries[0].error_message, std::string(1000, 'y') + " [4000 bytes cut]");
  // A cut never splits a UTF-8 character: "é" is two bytes.
  EXPECT_EQ(capped_line("aé", 2), "a [2 bytes cut]");
  EXPECT_EQ(capped_line("short", 10), "short");
}

}  // namespace
}  // namespace flypin::fly
