#include "cmd/common/flag_values.h"

#include <gtest/gtest.h>

namespace flypin::cmd {
namespace {

TEST(RequireFlag, AnEmptyValueIsAUsageError) {
  EXPECT_FALSE(require_flag("app", "--app").has_value());
  auto error = require_flag("", "--app");
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->kind, core::ErrorKind::kUsage);
  EXPECT_EQ(error->message, "--app is required");
}

TEST(WholeNumberFlag, TakesDecimalDigitsWithinTheRange) {
  EXPECT_EQ(whole_number_flag("1", "--cpus", {1, 64}).value(), 1);
  EXPECT_EQ(whole_number_flag("64", "--cpus", {1, 64}).value(), 64);
  EXPECT_EQ(whole_number_flag("0", "--log-lines", {0, 1000}).value(), 0);
}

TEST(WholeNumberFlag, RefusesEverythingElseInTheUsersWords) {
  for (const char* bad : {"", "0", "65", "many", "1.5", "+1", "-1", " 1", "1 ", "99999999999999999999"}) {
    auto n = whole_number_flag(bad, "--cpus", {1, 64});
    ASSERT_FALSE(n.ok()) << bad;
    EXPECT_EQ(n.error().kind, core::ErrorKind::kUsage);
    EXPECT_EQ(n.error().message, "--cpus must be a whole number from 1 to 64, got '" + std::string(bad) + "'");
  }
}

TEST(WholeNumberFlag, EchoesALongValueShortened) {
  auto n = whole_number_flag(std::string(100, '9'), "--port", {1, 65535});
  ASSERT_FALSE(n.ok());
  EXPECT_LT(n.error().message.size(), 110u) << n.error().message;
}

TEST(CheckChoice, NamesEveryChoice) {
  EXPECT_TRUE(check_choice("shared", "--cpu-kind", {"shared", "performance"}).ok());
  auto st = check_choice("fast", "--cpu-kind", {"shared", "performance"});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, core::ErrorKind::kUsage);
  EXPECT_EQ(st.error().message, "--cpu-kind must be shared or performance, got 'fast'");
  EXPECT_EQ(check_choice("x", "--update", {"none", "stopped", "all"}).error().message,
            "--update must be none, stopped or all, got 'x'");
}

}  // namespace
}  // namespace flypin::cmd
