#include "registry/origin.h"

#include <gtest/gtest.h>

#include "registry/auth.h"

namespace flypin::registry {
namespace {

TEST(Origin, SchemeHostAndPortWithDefaults) {
  EXPECT_EQ(origin_of("https://Registry.Example/v2/x?y#z")->str(), "https://registry.example:443");
  EXPECT_EQ(origin_of("http://r.example/v2/")->str(), "http://r.example:80");
  EXPECT_EQ(origin_of("HTTPS://user:pw@r.example:5000")->str(), "https://r.example:5000");
  EXPECT_EQ(origin_of("http://[::1]:5000/v2/")->str(), "http://[::1]:5000");
  EXPECT_EQ(origin_of("https://[2001:db8::1]/")->str(), "https://[2001:db8::1]:443");
  for (const char* bad : {"", "r.example/v2", "ftp://r.example/", "file:///etc/passwd", "https:///x",
                          "https://r.example:99999/", "https://r.example:x/", "https://[::1/"}) {
    EXPECT_FALSE(origin_of(bad)) << bad;
  }
}

TEST(Origin, SameOriginNeedsSchemeHostAndPort) {
  auto registry = *origin_of("https://r.example/v2/");
  EXPECT_EQ(registry, *origin_of("https://r.example:443/v2/app/blobs/x"));
  EXPECT_FALSE(registry == *origin_of("http://r.example/v2/"));
  EXPECT_FALSE(registry == *origin_of("https://r.example:444/v2/"));
  EXPECT_FALSE(registry == *origin_of("https://r.example.evil/v2/"));
  EXPECT_TRUE(is_downgrade(registry, *origin_of("http://r.example/")));
  EXPECT_FALSE(is_downgrade(registry, *origin_of("https://blobs.example/")));
  EXPECT_FALSE(is_downgrade(*origin_of("http://127.0.0.1:5000/"), *origin_of("http://127.0.0.1:5001/")));
}

}  // namespace
}  // namespace flypin::registry
