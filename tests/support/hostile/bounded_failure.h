#pragma once
// The assertion every "a hostile server costs seconds" test makes: the run
// failed with exit 1 within a bound (and a peak memory bound), and its last
// line on stderr names what it should. The cost goes into the test's
// properties (--gtest_output=xml) for the record.

#include <chrono>
#include <string>
#include <vector>

#include "support/hostile/measured_run.h"

namespace flypin::hostile {

struct Bound {
  std::chrono::milliseconds elapsed;
  long max_rss_kib = 0;  // beyond what starting the program costs (MeasuredRun::start_rss_kib); 0: not checked
};

void expect_failed_within(const MeasuredRun& run, Bound bound, const std::vector<std::string>& last_line_names);

/// The last non-blank line of stderr ("" when none).
std::string last_error_line(const MeasuredRun& run);

}  // namespace flypin::hostile
