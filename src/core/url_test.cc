#include "core/url.h"

#include <gtest/gtest.h>

namespace flypin::core {
namespace {

TEST(UrlEncode, KeepsUnreservedAndEncodesEverythingElseInUpperHex) {
  EXPECT_EQ(url_encode("Az09-_.~"), "Az09-_.~");
  EXPECT_EQ(url_encode("repository:org/app:pull,push"), "repository%3Aorg%2Fapp%3Apull%2Cpush");
  EXPECT_EQ(url_encode("a b&c=d?e#f"), "a%20b%26c%3Dd%3Fe%23f");
  EXPECT_EQ(url_encode(std::string("\x00\xff", 2)), "%00%FF");
  EXPECT_EQ(url_encode("é"), "%C3%A9");
}

}  // namespace
}  // namespace flypin::core
