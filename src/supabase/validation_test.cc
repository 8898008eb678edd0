#include "supabase/validation.h"

#include <gtest/gtest.h>

#include <string>

namespace flypin::supabase {
namespace {

TEST(ValidateProjectRef, AcceptsTwentyLowercaseLetters) {
  EXPECT_TRUE(validate_project_ref("abcdefghijklmnopqrst").ok());
}

TEST(ValidateProjectRef, RejectsWrongLengthCaseAndCharacters) {
  for (const char* bad : {"", "abcdefghijklmnopqrs", "abcdefghijklmnopqrstu", "Abcdefghijklmnopqrst",
                          "abcdefghijklmnopqrs1", "abcdefghij-lmnopqrst"}) {
    auto status = validate_project_ref(bad);
    ASSERT_FALSE(status.ok()) << bad;
    EXPECT_EQ(status.error().kind, core::ErrorKind::kUsage);
    EXPECT_NE(status.error().message.find("20 lowercase letters"), std::string::npos);
    EXPECT_EQ(status.error().message.find('\n'), std::string::npos);
  }
}

TEST(ValidateProjectRef, SaysWhatIsWrongNotJustTheLength) {
  EXPECT_EQ(validate_project_ref("abcdefghijklmnopqrs").error().message,
            "invalid Supabase project ref: it must be 20 lowercase letters, not 19 characters");
  EXPECT_EQ(validate_project_ref("abcdEfghijklmnopqrst").error().message,
            "invalid Supabase project ref: it must be 20 lowercase letters, and character 5 ('E') is not one");
  EXPECT_EQ(validate_project_ref("abcdefghij\nlmnopqrst").error().message,
            "invalid Supabase project ref: it must be 20 lowercase letters, and character 11 is not one");
}

TEST(ValidateSecretName, AcceptsUsualNames) {
  EXPECT_TRUE(validate_secret_name("DOCKER_IMAGE").ok());
  EXPECT_TRUE(validate_secret_name("_x9").ok());
  EXPECT_TRUE(validate_secret_name(std::string(256, 'A')).ok());
}

TEST(ValidateSecretName, RejectsEmptyLongReservedAndOddCharacters) {
  EXPECT_NE(validate_secret_name("").error().message.find("empty"), std::string::npos);
  EXPECT_NE(validate_secret_name(std::string(257, 'A')).error().message.find("256"), std::string::npos);
  auto reserved = validate_secret_name("SUPABASE_URL");
  ASSERT_FALSE(reserved.ok());
  EXPECT_EQ(reserved.error().kind, core::ErrorKind::kUsage);
  EXPECT_NE(reserved.error().message.find("SUPABASE_"), std::string::npos);
  EXPECT_FALSE(validate_secret_name("DOCKER IMAGE").ok());
  EXPECT_FALSE(validate_secret_name("DOCKER-IMAGE").ok());
  EXPECT_FALSE(validate_secret_name("1ABC").ok());
}

TEST(ValidateSecretValue, EnforcesApiLimit) {
  EXPECT_TRUE(validate_secret_value("A", std::string(24576, 'x')).ok());
  EXPECT_FALSE(validate_secret_value("A", std::string(24577, 'x')).ok());
}

}  // namespace
}  // namespace flypin::supabase
