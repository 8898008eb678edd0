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
  for (const char* bad : {"", "5x", "m5", "1.5s", "-3s", "s", "10 s", "9999999999"}) {
    auto r = parse_duration(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
    EXPECT_NE(r.error().message.find("invalid duration"), std::string::npos);
  }
}

// The sum of many components wrapped negative
// (signed overflow), so a huge --older-than read as a tiny or negative age.
TEST(ParseDuration, RejectsATotalBeyondTheRange) {
  std::string huge;
  for (int i = 0; i < 3000; ++i) huge += "999999999h";
  auto r = parse_duration(huge);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kUsage);
  EXPECT_TRUE(parse_duration("999999999h999999999m").ok());
}

TEST(FormatDuration, ReadsNaturally) {
  EXPECT_EQ(format_duration(milliseconds(450)), "450ms");
  EXPECT_EQ(format_duration(milliseconds(90'000)), "1m30s");
  EXPECT_EQ(format_duration(milliseconds(2'500)), "2.5s");
  EXPECT_EQ(format_duration(milliseconds(3'600'000)), "1h");
}

}  // namespace
}  // namespace flypin::core
