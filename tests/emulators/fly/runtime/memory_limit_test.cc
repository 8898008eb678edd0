#include "emulators/fly/runtime/memory_limit.h"

#include <gtest/gtest.h>

namespace flypin::emulators::fly {
namespace {

TEST(MemoryLimit, AnAppThatSaysItRanOutOfMemoryDiedOfIt) {
  EXPECT_TRUE(says_out_of_memory({"allocating", "sh: out of memory"}));
  EXPECT_TRUE(
      says_out_of_memory({"FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory"}));
  EXPECT_TRUE(says_out_of_memory({"MemoryError"}));
  EXPECT_TRUE(says_out_of_memory({"terminate called after throwing an instance of 'std::bad_alloc'"}));
  EXPECT_TRUE(says_out_of_memory({"mmap: Cannot allocate memory"}));
  EXPECT_FALSE(says_out_of_memory({"REQUIRED_SECRET is not set"}));
  EXPECT_FALSE(says_out_of_memory({}));
}

TEST(MemoryLimit, EachRunGetsItsOwnLimitOfTheGuestSize) {
  auto limits = MemoryLimits::probe();
  auto run = limits->for_run("unit-test-" + std::to_string(::getpid()), 256);
  EXPECT_EQ(run->limit_bytes(), 256LL * 1024 * 1024);
  EXPECT_EQ(run->procs_file().empty(), limits->enforcement() == MemoryEnforcement::kAddressSpace);
  EXPECT_FALSE(run->oom_killed());
  EXPECT_FALSE(limits->describe().empty());
}

}  // namespace
}  // namespace flypin::emulators::fly
