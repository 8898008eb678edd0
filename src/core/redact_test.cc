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
  EXPECT_EQ(redact("Authorization: FlyV1 fm2_aaaa,fm2_bbbb"), "Authorization: FlyV1 ***");
  EXPECT_EQ(redact("https://h/token?service=r&access_token=zzz&x=1"),
            "https://h/token?service=r&access_token=***&x=***");
  EXPECT_EQ(redact("https://user:pa55@host/v2/"), "https://user:***@host/v2/");
}

TEST_F(RedactTest, QueryValuesAreSecretUnlessTheyAreProtocol) {
  EXPECT_EQ(
      redact("GET https://s3.example/b/sha256:ab?X-Amz-Credential=AKIA%2F1&X-Amz-Signature=f00d&X-Amz-Expires=60"),
      "GET https://s3.example/b/sha256:ab?X-Amz-Credential=***&X-Amz-Signature=***&X-Amz-Expires=***");
  for (const char* name : {"apikey", "key", "sig", "signature", "access_token", "api_key", "se", "code", "Token"}) {
    EXPECT_EQ(redact(std::string("https://h/p?") + name + "=v4lue!"), std::string("https://h/p?") + name + "=***")
        << name;
  }
  EXPECT_EQ(redact("https://auth.example/token?service=reg&scope=repository%3Aapp%3Apull"),
            "https://auth.example/token?service=reg&scope=repository%3Aapp%3Apull");
  EXPECT_EQ(redact("DELETE https://api.machines.dev/v1/apps/a/machines/m?force=true (HTTP 500)"),
            "DELETE https://api.machines.dev/v1/apps/a/machines/m?force=true (HTTP 500)");
  EXPECT_EQ(redact("GET /wait?state=started&timeout=60&instance_id=01H"),
            "GET /wait?state=started&timeout=60&instance_id=01H");
  EXPECT_EQ(redact("no query here: a=b and x && y=1"), "no query here: a=b and x && y=1");
}

TEST_F(RedactTest, FlyTokenPartsAreSecretsWithAndWithoutScheme) {
  register_secret("FlyV1 fm2_first-macaroon,fm2_second-macaroon");
  EXPECT_EQ(redact("token fm2_second-macaroon expired"), "token *** expired");
  EXPECT_EQ(redact("a fm2_first-macaroon b"), "a *** b");
  EXPECT_EQ(redact("fm2_first-macaroon,fm2_second-macaroon"), "***");
  clear_registered_secrets();
  register_secret("fm1r_third,fo1_fourth-part");
  EXPECT_EQ(redact("x fo1_fourth-part y fm1r_third"), "x *** y ***");
  clear_registered_secrets();
  register_secret("plain,password");  // commas alone do not split a secret
  EXPECT_EQ(redact("a plain day"), "a plain day");
}

TEST_F(RedactTest, CredentialIsRedactedInEveryEncoding) {
  register_credential("u", "?>?>>>pw");
  for (const char* form :
       {"dTo/Pj8+Pj5wdw==", "dTo/Pj8+Pj5wdw", "dTo_Pj8-Pj5wdw==", "dTo_Pj8-Pj5wdw", "u:?>?>>>pw", "?>?>>>pw"}) {
    EXPECT_EQ(redact(std::string("{\"auth\":\"") + form + "\"}"), "{\"auth\":\"***\"}") << form;
  }
}

TEST_F(RedactTest, ObserverHearsOfEverySecretOnceAndInTime) {
  std::vector<std::string> heard;
  register_secret("registered-before");
  observe_secrets([&](const std::string& s) { heard.push_back(s); });
  EXPECT_EQ(heard, std::vector<std::string>{"registered-before"});
  register_secret("FlyV1 fm2_aaaa,fm2_bbbb");
  register_secret("registered-before");
  observe_secrets({});
  register_secret("not-heard");
  EXPECT_EQ(heard, (std::vector<std::string>{"registered-before", "FlyV1 fm2_aaaa,fm2_bbbb", "fm2_aaaa,fm2_bbbb",
                                             "fm2_aaaa", "fm2_bbbb"}));
}

TEST(Redact, AnIssuedTokenThatIsPublicTextIsNotMasked) {
  clear_registered_secrets();
  EXPECT_FALSE(register_issued_token("sha256"));
  EXPECT_FALSE(register_issued_token("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
  EXPECT_EQ(redact("sha256:0123 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            "sha256:0123 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  EXPECT_TRUE(register_issued_token("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2ln"));
  EXPECT_EQ(redact("Bearer eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.c2ln"), "Bearer ***");
  EXPECT_TRUE(looks_like_a_token("7f3c9a1e5b2d4f60"));
  clear_registered_secrets();
}

}  // namespace
}  // namespace flypin::core
