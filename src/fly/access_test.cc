#include "fly/access.h"

#include <gtest/gtest.h>

namespace flypin::fly {
namespace {

TEST(ConfigureAccess, AProgramReadsLogsInOneShortTry) {
  core::Environment env;
  env.set("FLY_API_TOKEN", "fly-token-access-1");
  env.set("FLY_LOGS_API_URL", "http://127.0.0.1:9");
  ClientSettings api;
  LogsSettings logs;
  ASSERT_TRUE(configure_access(env, api, logs).ok());
  EXPECT_EQ(logs.base_url, "http://127.0.0.1:9");
  EXPECT_EQ(logs.credential, "FLY_API_TOKEN");
  EXPECT_EQ(logs.timeout, std::chrono::seconds(5));
  ASSERT_TRUE(logs.retry.has_value());
  EXPECT_EQ(logs.retry->max_attempts, 1);
}

}  // namespace
}  // namespace flypin::fly
