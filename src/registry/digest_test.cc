#include "registry/digest.h"

#include <gtest/gtest.h>

namespace flypin::registry {
namespace {

TEST(Digest, ParsesVerifiableAlgorithms) {
  auto sha256 = parse_digest("sha256:" + std::string(64, 'a'));
  ASSERT_TRUE(sha256.ok());
  EXPECT_EQ(sha256->algorithm, DigestAlgorithm::kSha256);
  EXPECT_EQ(sha256->str(), "sha256:" + std::string(64, 'a'));
  auto sha512 = parse_digest("sha512:" + std::string(128, '0'));
  ASSERT_TRUE(sha512.ok());
  EXPECT_EQ(sha512->algorithm, DigestAlgorithm::kSha512);
}

TEST(Digest, RefusesWhatItCannotVerifyOrParse) {
  struct Bad {
    std::string text, why;
  };
  for (const auto& [text, why] : std::vector<Bad>{
           {"sha384:" + std::string(96, 'a'), "cannot be verified"},
           {"md5:" + std::string(32, 'a'), "cannot be verified"},
           {"blake3:" + std::string(64, 'a'), "cannot be verified"},
           {"SHA256:" + std::string(64, 'a'), "cannot be verified"},
           {"sha256:" + std::string(63, 'a'), "64 hex digits"},
           {"sha512:" + std::string(64, 'a'), "128 hex digits"},
           {"sha256:" + std::string(64, 'A'), "lowercase"},
           {"sha256:" + std::string(64, 'z'), "hex"},
           {"sha256:", "algorithm:hex"},
           {":" + std::string(64, 'a'), "algorithm:hex"},
           {std::string(64, 'a'), "algorithm:hex"},
           {"sha256..x:" + std::string(64, 'a'), "invalid digest algorithm"},
           {"-sha:" + std::string(64, 'a'), "invalid digest algorithm"},
       }) {
    auto d = parse_digest(text);
    ASSERT_FALSE(d.ok()) << text;
    EXPECT_EQ(d.error().kind, core::ErrorKind::kUsage);
    EXPECT_NE(d.error().message.find(why), std::string::npos) << text << ": " << d.error().message;
  }
}

TEST(Digest, MatchesContentWithItsOwnAlgorithm) {
  // FIPS 180-2 test vectors for "abc".
  auto sha256 = parse_digest("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad").value();
  auto sha512 = parse_digest(
                    "sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3"
                    "feebbd454d4423643ce80e2a9ac94fa54ca49f")
                    .value();
  EXPECT_TRUE(sha256.matches("abc"));
  EXPECT_TRUE(sha512.matches("abc"));
  EXPECT_FALSE(sha256.matches("abd"));
  EXPECT_FALSE(sha512.matches("abd"));
  EXPECT_EQ(digest_of("abc").str(), sha256.str());
  EXPECT_EQ(digest_of("abc", DigestAlgorithm::kSha512).str(), sha512.str());
}

}  // namespace
}  // namespace flypin::registry
