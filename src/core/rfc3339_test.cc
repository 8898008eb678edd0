#include "core/rfc3339.h"

#include <gtest/gtest.h>

namespace flypin::core {
namespace {

TEST(FormatRfc3339, RoundTripsMilliseconds) {
  EXPECT_EQ(format_rfc3339_ms(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_rfc3339_ms(1767323045123), "2026-01-02T03:04:05.123Z");
  EXPECT_EQ(parse_rfc3339_nanos(format_rfc3339_ms(1767323045123)), 1767323045123LL * 1'000'000);
}

TEST(Rfc3339, NanosecondsUtc) {
  EXPECT_EQ(parse_rfc3339_nanos("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_rfc3339_nanos("2026-04-16T14:00:00.123456789Z"), 1776348000123456789LL);
  EXPECT_EQ(parse_rfc3339_nanos("2026-04-16T14:00:00.5Z"), 1776348000500000000LL);
  EXPECT_EQ(parse_rfc3339_nanos("2026-04-16T14:00:00.1234567891234Z"), 1776348000123456789LL);
}

TEST(Rfc3339, Offsets) {
  EXPECT_EQ(parse_rfc3339_nanos("2026-04-16T16:00:00+02:00"), parse_rfc3339_nanos("2026-04-16T14:00:00Z"));
  EXPECT_EQ(parse_rfc3339_nanos("2026-04-16T13:30:00-00:30"), parse_rfc3339_nanos("2026-04-16T14:00:00Z"));
}

TEST(Rfc3339, CalendarEdges) {
  EXPECT_EQ(parse_rfc3339_nanos("2024-02-29T00:00:00Z"), 1709164800LL * 1'000'000'000);
  EXPECT_EQ(parse_rfc3339_nanos("2023-02-29T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339_nanos("1969-12-31T23:59:59Z"), -1'000'000'000LL);
}

TEST(Rfc3339, RefusesTimesNanosecondsCannotHold) {
  // Found by the link_header fuzz target: year 2826 overflowed the multiplication.
  EXPECT_EQ(parse_rfc3339_nanos("2826-04-16T14:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339_nanos("9999-12-31T23:59:59.999999999Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339_nanos("0000-01-01T00:00:00Z"), std::nullopt);
  EXPECT_EQ(parse_rfc3339_nanos("2262-04-11T23:47:16Z"), 9223372036000000000LL);
}

TEST(Rfc3339, RefusesWhatIsNotOne) {
  for (const char* bad :
       {"", "2026-04-16", "2026-04-16T14:00:00", "2026-04-16T14:00:00.Z", "2026-13-01T00:00:00Z",
        "2026-04-16T24:00:00Z", "2026-04-16T14:00:00Zjunk", "2026-04-16T14:00:00+0200", "２026-04-16T14:00:00Z"}) {
    EXPECT_EQ(parse_rfc3339_nanos(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace flypin::core
