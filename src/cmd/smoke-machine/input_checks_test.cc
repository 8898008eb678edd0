#include "cmd/smoke-machine/input_checks.h"

#include <gtest/gtest.h>

#include <string>

namespace flypin::cmd::smoke_machine {
namespace {

TEST(InputChecks, ProxyUrlsAreHttpBaseUrls) {
  for (const char* good : {"https://app.fly.dev", "http://127.0.0.1:8080", "https://proxy.internal:443/base/"}) {
    EXPECT_TRUE(validate_proxy_url(good).ok()) << good;
  }
  for (const char* bad : {"file:///etc/passwd", "ftp://x/", "http://", "https:///path", "http://u:p@h", "http://h/?q=1",
                          "http://h/#f", "http://h/ x", "http://h\n", "127.0.0.1:8080", "HTTP://h"}) {
    auto st = validate_proxy_url(bad);
    ASSERT_FALSE(st.ok()) << bad;
    EXPECT_EQ(st.error().kind, core::ErrorKind::kUsage);
  }
}

TEST(InputChecks, HealthPathsEnvNamesAndScopes) {
  EXPECT_TRUE(validate_health_path("/health").ok());
  EXPECT_TRUE(validate_health_path("/ready?full=1").ok());
  for (const char* bad : {"", "health", "/he alth", "/h\n", "/h#x"})
    EXPECT_FALSE(validate_health_path(bad).ok()) << bad;
  EXPECT_TRUE(is_env_name("_A1"));
  for (const char* bad : {"", "1A", "A-B", "A B"}) EXPECT_FALSE(is_env_name(bad)) << bad;
  EXPECT_TRUE(validate_scope("0a1b2c3d4e5f60718293a4b5").ok());
  EXPECT_TRUE(validate_scope("job.matrix-1_x").ok());
  for (const std::string& bad : {std::string(""), std::string("a b"), std::string("a\n"), std::string(65, 'a')}) {
    EXPECT_FALSE(validate_scope(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace flypin::cmd::smoke_machine
