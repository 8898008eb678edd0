#include "fly/validation.h"

#include <gtest/gtest.h>

#include <string>

namespace flypin::fly {
namespace {

TEST(FlyValidation, AppNamesAreDnsLabels) {
  for (const char* good : {"smoke-app", "a", "app2", "0x"}) EXPECT_TRUE(validate_app_name(good).ok()) << good;
  for (const std::string& bad :
       {std::string(""), std::string("Smoke"), std::string("-app"), std::string("app-"), std::string("my app"),
        std::string("../admin"), std::string("app\n::error::x"), std::string("app_1"), std::string(64, 'a')}) {
    auto st = validate_app_name(bad);
    ASSERT_FALSE(st.ok()) << bad;
    EXPECT_EQ(st.error().kind, core::ErrorKind::kUsage);
  }
  EXPECT_TRUE(validate_app_name(std::string(63, 'a')).ok());
}

TEST(FlyValidation, RegionsAreThreeLowercaseLetters) {
  for (const char* good : {"sin", "iad", "ams"}) EXPECT_TRUE(validate_region(good).ok()) << good;
  for (const char* bad : {"", "SIN", "si", "sinn", "s1n", "sin\n", "lhr,eu"}) {
    EXPECT_FALSE(validate_region(bad).ok()) << bad;
  }
}

TEST(FlyValidation, MachineIdsAreLowercaseAlphanumerics) {
  for (const char* good : {"148ed193b95c89", "m1", "e784079b449483"}) EXPECT_TRUE(is_machine_id(good)) << good;
  for (const std::string& bad : {std::string(""), std::string(".."), std::string("148ed/../x"), std::string("148ED193"),
                                 std::string("id\n::error::x"), std::string(65, 'a')}) {
    EXPECT_FALSE(is_machine_id(bad)) << bad;
  }
}

TEST(MachineId, WhatTheApiCouldListThatIsNotAnIdIsNone) {
  for (const char* id : {".", "..", "a,b", "a\nb", "a/b", "A1", ""}) EXPECT_FALSE(is_machine_id(id)) << id;
  EXPECT_TRUE(is_machine_id("148ed726c24768"));
  const auto e = not_a_machine_id("a\nb", "the machine list of app x");
  EXPECT_EQ(e.kind, core::ErrorKind::kDecode);
  EXPECT_EQ(e.message.find('\n'), std::string::npos) << e.message;
}

TEST(LeaseNonce, NothingThatCouldEndAHeaderLine) {
  EXPECT_TRUE(is_lease_nonce("0f3a-11ef_b7c2.XYZ"));
  for (const std::string& n : {std::string(), std::string("a b"), std::string("a\r\nX-Injected: 1"), std::string("a\n"),
                               std::string(257, 'a')})
    EXPECT_FALSE(is_lease_nonce(n)) << n;
}

}  // namespace
}  // namespace flypin::fly
