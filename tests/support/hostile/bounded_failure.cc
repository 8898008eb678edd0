#include "support/hostile/bounded_failure.h"

#include <gtest/gtest.h>

namespace flypin::hostile {

std::string last_error_line(const MeasuredRun& run) {
  auto lines = nonblank_lines(run.err);
  return lines.empty() ? "" : lines.back();
}

void expect_failed_within(const MeasuredRun& run, Bound bound, const std::vector<std::string>& last_line_names) {
  ::testing::Test::RecordProperty("elapsed_ms", static_cast<int>(run.elapsed.count()));
  ::testing::Test::RecordProperty("max_rss_kib", static_cast<int>(run.max_rss_kib));
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_LT(run.elapsed, bound.elapsed) << run.err;
  if (bound.max_rss_kib > 0) {
    EXPECT_LT(run.max_rss_kib - run.start_rss_kib, bound.max_rss_kib)
        << "peak " << run.max_rss_kib << " KiB, of which starting the program " << run.start_rss_kib << " KiB";
  }
  const std::string last = last_error_line(run);
  for (const auto& name : last_line_names) {
    EXPECT_NE(last.find(name), std::string::npos) << name << " in: " << last;
  }
}

}  // namespace flypin::hostile
