#include "core/interrupt.h"

#include <gtest/gtest.h>

#include <csignal>

namespace flypin::core {
namespace {

class Interrupts : public ::testing::Test {
 protected:
  void SetUp() override {
    install_interrupt_handlers();
    reset_interrupt();
  }
  void TearDown() override { reset_interrupt(); }
};

TEST_F(Interrupts, CleanupOutlivesTheFirstSignalNotTheSecond) {
  EXPECT_FALSE(interrupted());
  std::raise(SIGINT);
  EXPECT_TRUE(interrupted());
  EXPECT_FALSE(urgent());
  suspend_interrupt_for_cleanup();
  EXPECT_FALSE(interrupted()) << "cleanup goes on after the runner's SIGINT";
  EXPECT_TRUE(interruptible_sleep(std::chrono::milliseconds(1)));
  std::raise(SIGTERM);  // the runner's second signal, 7.5 s later
  EXPECT_TRUE(urgent());
  EXPECT_TRUE(interrupted()) << "not after its SIGTERM: SIGKILL is 2.5 s away";
  EXPECT_FALSE(interruptible_sleep(std::chrono::seconds(5)));
  EXPECT_EQ(interrupt_signal(), SIGINT) << "the first signal decides the exit status";
}

TEST_F(Interrupts, ADeferralHoldsTheFirstSignalUntilItEnds) {
  {
    InterruptDeferral canary;
    std::raise(SIGTERM);
    EXPECT_FALSE(interrupted()) << "the canary in hand is finished or put back first";
    EXPECT_EQ(interrupt_signal(), SIGTERM);
  }
  EXPECT_TRUE(interrupted());
  reset_interrupt();
  InterruptDeferral held;
  std::raise(SIGINT);
  std::raise(SIGTERM);
  EXPECT_TRUE(interrupted()) << "a second signal ends the deferral";
}

}  // namespace
}  // namespace flypin::core
