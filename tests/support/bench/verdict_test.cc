// bench::Verdict: a target is met only by a number on its side of the limit
// plus the noise margin; nothing measured is a miss; FLYPIN_BENCH_IMPOSSIBLE
// makes every target impossible.
#include "support/bench/verdict.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "support/bench/numbers.h"

namespace flypin::bench {
namespace {

const Target kAtMostQuarter{.name = "ratio", .limit = 0.25, .noise = 0.05, .unit = "x"};

TEST(BenchVerdict, MetWithinTheLimitAndTheNoiseMarginMissedBeyond) {
  Verdict v("test", "a ratio", "a peer");
  EXPECT_TRUE(v.check(kAtMostQuarter, 0.2));
  EXPECT_TRUE(v.check(kAtMostQuarter, 0.29));  // past the limit, within the margin
  EXPECT_EQ(v.finish(), 0);
  EXPECT_FALSE(v.check(kAtMostQuarter, 0.31));
  EXPECT_EQ(v.finish(), 1);
}

TEST(BenchVerdict, AtLeastBoundFailsBelow) {
  Verdict v("test", "a gap", "flyctl");
  const Target gap{.name = "gap", .bound = Bound::kAtLeast, .limit = 1.0};
  EXPECT_TRUE(v.check(gap, 1.0));
  EXPECT_FALSE(v.check(gap, 0.99));
  EXPECT_EQ(v.finish(), 1);
}

TEST(BenchVerdict, NothingMeasuredIsAMiss) {
  Verdict v("test", "a ratio", "a peer");
  EXPECT_FALSE(v.check(kAtMostQuarter, ratio(std::nullopt, 1.0)));
  EXPECT_FALSE(v.check(kAtMostQuarter, ratio(1.0, 0.0)));
  EXPECT_FALSE(v.check(kAtMostQuarter, smallest({})));
  EXPECT_EQ(v.finish(), 1);
}

TEST(BenchVerdict, NoTargetCheckedIsAFailure) { EXPECT_EQ(Verdict("test", "nothing", "nobody").finish(), 1); }

TEST(BenchVerdict, ImpossibleTargetsFailWhateverWasMeasured) {
  setenv("FLYPIN_BENCH_IMPOSSIBLE", "1", 1);
  Verdict v("test", "a ratio", "a peer");
  EXPECT_EQ(rounds(15), 1);
  EXPECT_FALSE(v.check(kAtMostQuarter, 0.0));
  EXPECT_FALSE(v.check({.name = "gap", .bound = Bound::kAtLeast, .limit = 1.0}, 1e9));
  EXPECT_EQ(v.finish(), 1);
  unsetenv("FLYPIN_BENCH_IMPOSSIBLE");
  EXPECT_EQ(rounds(15), 15);
}

TEST(BenchNumbers, MedianOfOddAndEvenCounts) {
  EXPECT_EQ(median({3, 1, 2}), 2.0);
  EXPECT_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_FALSE(median({}).has_value());
}

}  // namespace
}  // namespace flypin::bench
