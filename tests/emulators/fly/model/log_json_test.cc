#include "emulators/fly/model/log_json.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

namespace flypin::emulators::fly {
namespace {

TEST(LogJson, TimestampsAreRfc3339WithNanoseconds) {
  EXPECT_EQ(rfc3339_ns(1'776'348'000'123'456'789), "2026-04-16T14:00:00.123456789Z");
  EXPECT_EQ(rfc3339_ns(1'776'348'000'000'000'007), "2026-04-16T14:00:00.000000007Z");
}

TEST(LogJson, APageIsTheObjectFlyGoDecodes) {
  LogPage page;
  page.entries.push_back(
      {{"e82d416a725248", "iad", "app", "info", "Error: \"quoted\"\n"}, 1'776'348'000'123'456'789, {}});
  page.next_token = "1776348000123456789";
  rapidjson::Document doc;
  doc.Parse(log_page_json(page).c_str());
  ASSERT_TRUE(doc.IsObject());
  ASSERT_TRUE(doc["data"].IsArray());
  ASSERT_EQ(doc["data"].Size(), 1u);
  const auto& e = doc["data"][0];
  EXPECT_STREQ(e["id"].GetString(), "1776348000123456789");
  EXPECT_STREQ(e["type"].GetString(), "logs");
  const auto& a = e["attributes"];
  EXPECT_STREQ(a["timestamp"].GetString(), "2026-04-16T14:00:00.123456789Z");
  EXPECT_STREQ(a["message"].GetString(), "Error: \"quoted\"\n");
  EXPECT_STREQ(a["level"].GetString(), "info");
  EXPECT_STREQ(a["instance"].GetString(), "e82d416a725248");
  EXPECT_STREQ(a["region"].GetString(), "iad");
  EXPECT_STREQ(a["meta"]["instance"].GetString(), "e82d416a725248");
  EXPECT_STREQ(a["meta"]["region"].GetString(), "iad");
  EXPECT_STREQ(a["meta"]["event"]["provider"].GetString(), "app");
  EXPECT_STREQ(a["meta"]["error"]["message"].GetString(), "");
  EXPECT_STREQ(doc["meta"]["next_token"].GetString(), "1776348000123456789");
}

TEST(LogJson, AnEmptyPageStillCarriesTheToken) {
  rapidjson::Document doc;
  doc.Parse(log_page_json(LogPage{{}, "42"}).c_str());
  EXPECT_EQ(doc["data"].Size(), 0u);
  EXPECT_STREQ(doc["meta"]["next_token"].GetString(), "42");
}

}  // namespace
}  // namespace flypin::emulators::fly
