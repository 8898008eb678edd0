#include "core/duration.h"

#include <gtest/gtest.h>

namespace flypin::core {
namespace {

using std::chrono::milliseconds;

TEST(ParseDuration, AcceptsDocumentedForms) {
  EXPECT_EQ(parse_duration("90s").value(), milliseconds(90'000));
  EXPECT_EQ(parse_duration("5m").value(), milliseconds(300'000));
  EXPECT_EQ(parse_duration("1m30s").value(), milliseconds(90'000));
  EXPECT_EQ(parse_duration("45").value(), milliseconds(45'000));
  EXPECT_EQ(parse_duration("2h").value(), milliseconds(7'200'000));
  EXPECT_EQ(parse_duration("250ms").value(), milliseconds(250));
}

TEST(ParseDuration, RejectsGarbageAsUsageError) {
  for (const char* bad : {"", "5x", "m5", "1.5s", "-3s", "s", "10 s", "10s\n::error::x"}) {
    auto r = parse_duration(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
    EXPECT_NE(r.error().message.find("invalid duration"), std::string::npos);
  }
}

// The sum of many components wrapped negative (signed overflow), so a huge
// --older-than read as a tiny or negative age and reaped a young machine.
TEST(ParseDuration, RejectsWhatIsOutOfBoundsInsteadOfWrappingAround) {
  std::string wraps;
  for (int i = 0; i < 2600; ++i) wraps += "999999999h";  // 9.4e18 ms: past int64 when summed
  for (const std::string& big : {std::string("9999999999"), std::string("999999999h"), std::string("8785h"), wraps}) {
    auto r = parse_duration(big);
    ASSERT_FALSE(r.ok()) << big.substr(0, 40);
    EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
    EXPECT_NE(r.error().message.find("out of range"), std::string::npos) << r.error().message;
    EXPECT_LT(r.error().message.size(), 200u) << "the input is not echoed at length";
  }
  EXPECT_EQ(parse_duration("8784h").value(), std::chrono::hours(8784));
}

TEST(ParseDuration, HonoursTheCallersBounds) {
  const DurationBounds timeout{.min = std::chrono::seconds(1), .max = std::chrono::hours(24)};
  for (const char* bad : {"0", "0s", "999ms", "24h1s", "25h"}) {
    auto r = parse_duration(bad, timeout);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message.find("from 1s to 24h"), std::string::npos) << r.error().message;
  }
  EXPECT_EQ(parse_duration("1s", timeout).value(), milliseconds(1000));
  EXPECT_EQ(parse_duration("24h", timeout).value(), std::chrono::hours(24));
  EXPECT_EQ(parse_duration("0s").value(), milliseconds(0));
}

TEST(FormatDuration, ReadsNaturally) {
  EXPECT_EQ(format_duration(milliseconds(450)), "450ms");
  EXPECT_EQ(format_duration(milliseconds(90'000)), "1m30s");
  EXPECT_EQ(format_duration(milliseconds(2'500)), "2.5s");
  EXPECT_EQ(format_duration(milliseconds(3'600'000)), "1h");
}

}  // namespace
}  // namespace flypin::core
