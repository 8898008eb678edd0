#include "core/crypto.h"

#include <gtest/gtest.h>

namespace flypin::core {
namespace {

TEST(Sha256, KnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, EmptyAndManyBlocks) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex(std::string(1000, 'a')), "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3");
}

TEST(Sha512, KnownVectors) {
  EXPECT_EQ(sha512_hex("abc"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
  EXPECT_EQ(sha512_hex("").substr(0, 16), "cf83e1357eefb8bd");
}

TEST(Base64, RoundTripsAndAcceptsBothAlphabets) {
  for (const std::string& s :
       std::vector<std::string>{"", "f", "fo", "foo", "user:p@ss", std::string("\xfb\xff\xfe", 3)}) {
    EXPECT_EQ(base64_decode(base64_encode(s)).value(), s);
  }
  EXPECT_EQ(base64_decode("-_-_").value(), base64_decode("+/+/").value());
  EXPECT_EQ(base64_decode("dXNlcjpwYXNz").value(), "user:pass");
  EXPECT_FALSE(base64_decode("a").has_value());
  EXPECT_FALSE(base64_decode("ab!c").has_value());
}

TEST(RandomHex, HasRequestedLengthAndVaries) {
  auto a = random_hex(8), b = random_hex(8);
  EXPECT_EQ(a.size(), 16u);
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace flypin::core
