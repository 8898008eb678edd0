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

}  // namespace
}  // namespace flypin::fly
