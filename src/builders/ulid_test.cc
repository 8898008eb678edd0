#include "builders/ulid.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "registry/ulid_time.h"

namespace flypin::build {
namespace {

bool all_crockford(const std::string& s) {
  return s.find_first_not_of(registry::kCrockfordBase32) == std::string::npos;
}

TEST(Ulid, Has26CrockfordCharacters) {
  UlidGenerator gen;
  std::string id = gen.next();
  EXPECT_EQ(id.size(), 26u);
  EXPECT_TRUE(all_crockford(id)) << id;
  for (char banned : {'I', 'L', 'O', 'U'}) EXPECT_EQ(id.find(banned), std::string::npos);
}

TEST(Ulid, EncodesKnownValues) {
  std::array<std::uint8_t, 10> zero{};
  EXPECT_EQ(encode_ulid(0, zero), "00000000000000000000000000");
  std::array<std::uint8_t, 10> ones;
  ones.fill(0xFF);
  EXPECT_EQ(encode_ulid(0xFFFF'FFFF'FFFFULL, ones), "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
  // The reference implementation encodes these times so.
  EXPECT_EQ(encode_ulid(1469918176385ULL, zero).substr(0, 10), "01ARYZ6S41");
  EXPECT_EQ(encode_ulid(1469922850259ULL, zero).substr(0, 10), "01ARZ3NDEK");
  std::array<std::uint8_t, 10> one{};
  one[9] = 1;
  EXPECT_EQ(encode_ulid(0, one), "00000000000000000000000001");
}

TEST(Ulid, TimePrefixFollowsTheClock) {
  std::uint64_t now = 1'700'000'000'000ULL;
  UlidGenerator gen([&] { return now; }, [](auto& r) { r.fill(0x42); });
  std::string a = gen.next();
  now += 1;
  std::string b = gen.next();
  EXPECT_LT(a.substr(0, 10), b.substr(0, 10));
  EXPECT_EQ(a.substr(10), b.substr(10));  // fresh random draw, same fake bytes
}

TEST(Ulid, SameMillisecondIncrementsTheRandomPart) {
  UlidGenerator gen([] { return 1'700'000'000'000ULL; },
                    [](auto& r) {
                      r.fill(0);
                      r[9] = 0xFE;
                    });
  std::string a = gen.next();
  std::string b = gen.next();
  std::string c = gen.next();
  EXPECT_EQ(a.substr(0, 10), b.substr(0, 10));
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);  // carries from 0xFF into the next byte
  EXPECT_EQ(c.back(), '0');
}

TEST(Ulid, ClockGoingBackwardsStaysMonotonic) {
  std::uint64_t now = 2'000'000'000'000ULL;
  UlidGenerator gen([&] { return now; }, [](auto& r) { r.fill(0x10); });
  std::string a = gen.next();
  now -= 5000;
  std::string b = gen.next();
  EXPECT_LT(a, b);
}

TEST(Ulid, HundredThousandAreUniqueAndSorted) {
  UlidGenerator gen;
  std::set<std::string> seen;
  std::string previous;
  for (int i = 0; i < 100'000; ++i) {
    std::string id = gen.next();
    ASSERT_LT(previous, id);
    seen.insert(id);
    previous = id;
  }
  EXPECT_EQ(seen.size(), 100'000u);
}

}  // namespace
}  // namespace flypin::build
