#include "core/redact.h"

#include <gtest/gtest.h>

namespace flypin::core {
namespace {

class RedactTest : public ::testing::Test {
 protected:
  void TearDown() override { clear_registered_secrets(); }
};

TEST_F(RedactTest, ReplacesRegisteredSecrets) {
  register_secret("s3cr3t-token-value");
  EXPECT_EQ(redact("token=s3cr3t-token-value!"), "token=***!");
}

TEST_F(RedactTest, LongerOverlappingSecretRedactsWhole) {
  register_secret("abcd");
  register_secret("abcdefgh");
  EXPECT_EQ(redact("x abcdefgh y"), "x *** y");
}

TEST_F(RedactTest, IgnoresTooShortValues) {
  register_secret("ab");
  EXPECT_EQ(redact("about"), "about");
}

TEST_F(RedactTest, MasksAuthorizationHeadersQueryTokensAndUserinfo) {
  EXPECT_EQ(redact("Authorization: Bearer eyJhbGci.x.y"), "Authorization: Bearer ***");
  EXPECT_EQ(redact("https://h/token?service=r&access_token=zzz&x=1"), "https://h/token?service=r&access_token=***&x=1");
  EXPECT_EQ(redact("https://user:pa55@host/v2/"), "https://user:***@host/v2/");
}

}  // namespace
}  // namespace flypin::core
