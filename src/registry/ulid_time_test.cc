#include "registry/ulid_time.h"

#include <gtest/gtest.h>

namespace flypin::registry {
namespace {

TEST(UlidTime, DecodesTheMillisecondTime) {
  EXPECT_EQ(ulid_unix_ms("01ARZ3NDEKTSV4RRFFQ69G5FAV"), 1469922850259LL);
  EXPECT_EQ(ulid_unix_ms("01KBBKB1000000000000000000"), 1764547200000LL);
  EXPECT_EQ(ulid_unix_ms("7ZZZZZZZZZZZZZZZZZZZZZZZZZ"), (1LL << 48) - 1);
  EXPECT_EQ(ulid_unix_ms("00000000000000000000000000"), 0);
}

TEST(UlidTime, OnlyDeploymentTagsHaveOne) {
  EXPECT_EQ(deployment_tag_unix_ms("deployment-01KBBKB1000000000000000000"), 1764547200000LL);
  for (const char* tag :
       {"latest", "deployment-latest", "deployment-01kbbkb1000000000000000000", "deployment-8ZZZZZZZZZZZZZZZZZZZZZZZZZ",
        "deployment-01KBBKB100000000000000000", "x-deployment-01KBBKB1000000000000000000"}) {
    EXPECT_EQ(deployment_tag_unix_ms(tag), std::nullopt) << tag;
  }
}

TEST(UlidTime, OrdersTagsByBuildTime) {
  EXPECT_LT(deployment_tag_unix_ms("deployment-01ARZ3NDEKTSV4RRFFQ69G5FAV"),
            deployment_tag_unix_ms("deployment-01KBBKB1000000000000000000"));
}

}  // namespace
}  // namespace flypin::registry
