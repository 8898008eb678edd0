#include "emulators/fly/runtime/image_fetch.h"

#include <gtest/gtest.h>

namespace flypin::emulators::fly {
namespace {

TEST(ImageRef, SplitsRegistryRepositoryTagAndDigest) {
  auto r = parse_image_ref("127.0.0.1:5000/flypin-test/healthy:deployment-test");
  EXPECT_EQ(r.registry, "127.0.0.1:5000");
  EXPECT_EQ(r.repository, "flypin-test/healthy");
  EXPECT_EQ(r.tag, "deployment-test");
  EXPECT_EQ(r.digest, "");
  auto d = parse_image_ref("registry.fly.io/app@sha256:abc");
  EXPECT_EQ(d.registry, "registry.fly.io");
  EXPECT_EQ(d.repository, "app");
  EXPECT_EQ(d.tag, "");
  EXPECT_EQ(d.digest, "sha256:abc");
  auto hub = parse_image_ref("library/busybox");
  EXPECT_EQ(hub.registry, "docker.io");
  EXPECT_EQ(hub.tag, "latest");
}

TEST(ImageRef, KnowsLoopbackRegistries) {
  EXPECT_TRUE(is_loopback_registry("127.0.0.1:5000"));
  EXPECT_TRUE(is_loopback_registry("localhost:5000"));
  EXPECT_TRUE(is_loopback_registry("[::1]:5000"));
  EXPECT_FALSE(is_loopback_registry("registry.fly.io"));
  EXPECT_FALSE(is_loopback_registry("128.0.0.1:5000"));
}

}  // namespace
}  // namespace flypin::emulators::fly
