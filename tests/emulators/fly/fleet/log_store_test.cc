#include "emulators/fly/fleet/log_store.h"

#include <gtest/gtest.h>

namespace flypin::emulators::fly {
namespace {

using std::chrono::milliseconds;

struct Clocks {
  std::chrono::steady_clock::time_point now{std::chrono::seconds(1000)};
  long long ns = 1'776'348'000'000'000'000;
  LogStore store{[this] { return now; }, [this] { return ns; }};
};

LogLine app_line(const std::string& instance, const std::string& message, const std::string& region = "sin") {
  return {instance, region, "app", "info", message};
}

TEST(LogStore, PagesAHundredAtATimeInOrderAndTheTokenOnlyMovesForward) {
  Clocks c;
  for (int i = 0; i < 250; ++i) c.store.append("a", app_line("m1", "line " + std::to_string(i)));
  std::vector<std::string> seen;
  std::string token;
  std::vector<size_t> sizes;
  while (true) {
    auto page = c.store.page("a", {token, "", ""}, milliseconds(0));
    ASSERT_TRUE(page.ok());
    sizes.push_back(page->entries.size());
    if (page->entries.empty()) {
      EXPECT_EQ(page->next_token, token) << "an empty page keeps the token";
      break;
    }
    EXPECT_GT(std::stoll(page->next_token), token.empty() ? 0 : std::stoll(token));
    for (const auto& e : page->entries) seen.push_back(e.line.message);
    token = page->next_token;
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{100, 100, 50, 0}));
  ASSERT_EQ(seen.size(), 250u);
  EXPECT_EQ(seen.front(), "line 0");
  EXPECT_EQ(seen.back(), "line 249");
  c.store.append("a", app_line("m1", "later"));
  auto next = c.store.page("a", {token, "", ""}, milliseconds(0));
  ASSERT_EQ(next->entries.size(), 1u);
  EXPECT_EQ(next->entries[0].line.message, "later");
}

TEST(LogStore, StampsAreUniqueAndIncreasingEvenWhenTheClockStandsStill) {
  Clocks c;
  c.store.append("a", app_line("m1", "one"));
  c.store.append("a", app_line("m1", "two"));
  c.ns -= 5;  // the wall clock stepped back
  c.store.append("a", app_line("m1", "three"));
  auto page = c.store.page("a", {}, milliseconds(0));
  ASSERT_EQ(page->entries.size(), 3u);
  EXPECT_LT(page->entries[0].timestamp_ns, page->entries[1].timestamp_ns);
  EXPECT_LT(page->entries[1].timestamp_ns, page->entries[2].timestamp_ns);
}

TEST(LogStore, FiltersByInstanceAndRegionAndKeepsAppsApart) {
  Clocks c;
  c.store.append("a", app_line("m1", "from m1", "sin"));
  c.store.append("a", app_line("m2", "from m2", "iad"));
  c.store.append("b", app_line("m3", "other app", "sin"));
  auto m2 = c.store.page("a", {"", "m2", ""}, milliseconds(0));
  ASSERT_EQ(m2->entries.size(), 1u);
  EXPECT_EQ(m2->entries[0].line.message, "from m2");
  auto sin = c.store.page("a", {"", "", "sin"}, milliseconds(0));
  ASSERT_EQ(sin->entries.size(), 1u);
  EXPECT_EQ(sin->entries[0].line.message, "from m1");
  EXPECT_EQ(c.store.page("a", {}, milliseconds(0))->entries.size(), 2u);
  EXPECT_TRUE(c.store.page("nope", {}, milliseconds(0))->entries.empty());
}

TEST(LogStore, LinesShowUpOnlyAfterTheIngestionDelay) {
  Clocks c;
  c.store.append("a", app_line("m1", "early"));
  c.now += milliseconds(400);
  c.store.append("a", app_line("m1", "late"));
  auto page = c.store.page("a", {}, milliseconds(500));
  EXPECT_TRUE(page->entries.empty());
  c.now += milliseconds(100);
  page = c.store.page("a", {}, milliseconds(500));
  ASSERT_EQ(page->entries.size(), 1u);
  EXPECT_EQ(page->entries[0].line.message, "early");
  c.now += milliseconds(400);
  page = c.store.page("a", {page->next_token, "", ""}, milliseconds(500));
  ASSERT_EQ(page->entries.size(), 1u);
  EXPECT_EQ(page->entries[0].line.message, "late");
}

TEST(LogStore, RefusesTokensItNeverGave) {
  Clocks c;
  EXPECT_FALSE(c.store.page("a", {"abc", "", ""}, milliseconds(0)).ok());
  EXPECT_FALSE(c.store.page("a", {"-5", "", ""}, milliseconds(0)).ok());
  EXPECT_FALSE(c.store.page("a", {"99999999999999999999999", "", ""}, milliseconds(0)).ok());
  EXPECT_TRUE(c.store.page("a", {"123", "", ""}, milliseconds(0)).ok());
}

TEST(LogStore, KeepsAMachinesOwnOutputAndItsLastLines) {
  Clocks c;
  c.store.append("a", app_line("m1", "hello"));
  c.store.append("a", {"m1", "sin", "runner", "info", "machine exited with exit code 0, not restarting"});
  c.store.append("a", app_line("m2", "not mine"));
  c.store.append("a", app_line("m1", "bye"));
  EXPECT_EQ(c.store.output_of("m1"), "hello\nbye\n");
  EXPECT_EQ(c.store.last_output("m1", 1), std::vector<std::string>{"bye"});
  EXPECT_EQ(c.store.last_output("m1", 5), (std::vector<std::string>{"hello", "bye"}));
  c.store.append("a", app_line("m1", std::string(LogStore::kMaxMessage + 10, 'x')));
  EXPECT_EQ(c.store.last_output("m1", 1)[0].size(), LogStore::kMaxMessage);
  c.store.clear();
  EXPECT_EQ(c.store.output_of("m1"), "");
}

}  // namespace
}  // namespace flypin::emulators::fly
