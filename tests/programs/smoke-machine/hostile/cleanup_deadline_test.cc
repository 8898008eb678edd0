// Items 3 and 4 of issue 10: a 429 storm or an API outage while the machine
// runs or while it is being destroyed. Cleanup keeps trying within a deadline
// of its own (--cleanup-timeout), honouring Retry-After; what it could not
// destroy it names on the last line, with the command that removes it, and in
// the outputs; and it never claims a destroy it did not see confirmed.

#include <atomic>
#include <csignal>

#include "programs/smoke-machine/hostile/hostile_fly_test.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

bool is_delete(const Request& r) { return r.method == "DELETE"; }

void throttle(Conn& c) {
  c.respond(429, {{"Content-Type", "application/json"}, {"Retry-After", "1"}}, R"({"error":"rate limit exceeded"})");
}

void unavailable(Conn& c) {
  c.respond(503, {{"Content-Type", "application/json"}}, R"({"error":"service unavailable"})");
}

/// The API goes down at the first DELETE, for the length of `outage`.
FlyFront::Script down_from_first_delete(Window& outage) {
  return [&outage](const Request& r, Conn& c, const auto&) {
    if (is_delete(r)) outage.open();
    if (!outage.active()) return false;
    unavailable(c);
    return true;
  };
}

TEST_F(HostileFlyTest, RateLimitStormWhileWaitingForHealthIsRiddenOutAndTheMachineDestroyed) {
  const auto img = slow_image();
  Window storm(8s);
  front_->script([&](const Request& r, Conn& c, const auto& forward) {
    if (!storm.opened() && has(r.target, "/wait?state=started")) {
      const auto answer = forward();
      if (answer.status == 200) storm.open();
      FlyFront::relay(c, answer);
      return true;
    }
    if (!storm.active()) return false;
    throttle(c);
    return true;
  });
  auto p = start("smoke-machine", smoke_args(img, {"--env", "BOOT_DELAY=1"}));
  const int exit = p->wait(120s);
  EXPECT_TRUE(storm.opened());
  EXPECT_EQ(alive(), 0) << "left behind: " << emulator().admin("GET", "/_admin/machines").body << "\n" << p->err();
  EXPECT_EQ(exit, 0) << p->err();
}

TEST_F(HostileFlyTest, OutageDuringDestroyIsWaitedOutWithinTheCleanupDeadline) {
  const auto img = healthy_image();
  Window outage(7s);
  front_->script(down_from_first_delete(outage));
  auto p = start("smoke-machine", smoke_args(img));
  const int exit = p->wait(120s);
  EXPECT_EQ(alive(), 0) << "left behind: " << emulator().admin("GET", "/_admin/machines").body << "\n" << p->err();
  EXPECT_EQ(exit, 0) << p->err();
  EXPECT_GT(front_->server().count("DELETE", "/v1/apps/"), 5u) << "it gave up like a generic 5-attempt retry";
}

TEST_F(HostileFlyTest, MachineThatCannotBeDestroyedInTimeIsNamedLastWithTheCommandAndInTheOutputs) {
  const auto img = healthy_image();
  front_->script([&](const Request& r, Conn& c, const auto&) {
    if (!is_delete(r)) return false;
    unavailable(c);
    return true;
  });
  const auto output = dir_->file("github_output");
  const auto summary = dir_->file("summary.md");
  auto p = start("smoke-machine", smoke_args(img, {"--cleanup-timeout", "3s", "--json"}),
                 {{"GITHUB_OUTPUT", output}, {"GITHUB_STEP_SUMMARY", summary}});
  const int exit = p->wait(120s);
  const auto ids = alive_ids();
  ASSERT_EQ(ids.size(), 1u) << p->err();
  const auto& id = ids[0];
  EXPECT_EQ(exit, 1) << p->err();
  const auto last = last_line(p->err());
  EXPECT_TRUE(has(last, id)) << last;
  EXPECT_TRUE(has(last, "fly machine destroy " + id + " --app " + kApp + " --force")) << last;
  EXPECT_FALSE(has(p->err(), "destroyed (confirmed)")) << p->err();
  EXPECT_TRUE(has(p->out(), R"("leftover-machine-id":")" + id + "\"")) << p->out();
  EXPECT_TRUE(has(testbed::read_file(output), "leftover-machine-id<<")) << testbed::read_file(output);
  EXPECT_TRUE(has(testbed::read_file(output), id)) << testbed::read_file(output);
  EXPECT_TRUE(has(testbed::read_file(summary), "fly machine destroy " + id)) << testbed::read_file(summary);
}

// Item 4: after a signal, a destroy that failed must not be reported as done.
class SignalDuringOutage : public HostileFlyTest, public ::testing::WithParamInterface<int> {};

TEST_P(SignalDuringOutage, ClaimsOnlyWhatTheApiConfirmed) {
  const int sig = GetParam();
  const auto img = slow_image();
  Window outage(8s);
  front_->script(down_from_first_delete(outage));
  auto p = start("smoke-machine", smoke_args(img, {"--env", "BOOT_DELAY=60"}));
  ASSERT_TRUE(p->await([&] { return has(p->err(), "started in"); }, 60s)) << p->err();
  p->signal(sig);
  const int exit = p->wait(120s);
  EXPECT_EQ(exit, sig == SIGINT ? 130 : 143) << p->err();
  const bool claimed = has(p->err(), "was destroyed") || has(p->err(), "destroyed (confirmed)");
  EXPECT_FALSE(alive() > 0 && claimed) << "claimed a destroy that did not happen:\n" << p->err();
  EXPECT_EQ(alive(), 0) << "gave up during an 8 s outage:\n" << p->err();
}

TEST_P(SignalDuringOutage, ADestroyThatNeverSucceedsIsNamedWithItsCommand) {
  const int sig = GetParam();
  const auto img = slow_image();
  front_->script([&](const Request& r, Conn& c, const auto&) {
    if (!is_delete(r)) return false;
    unavailable(c);
    return true;
  });
  auto p = start("smoke-machine", smoke_args(img, {"--env", "BOOT_DELAY=60", "--cleanup-timeout", "2s"}));
  ASSERT_TRUE(p->await([&] { return has(p->err(), "started in"); }, 60s)) << p->err();
  p->signal(sig);
  const int exit = p->wait(60s);
  EXPECT_EQ(exit, sig == SIGINT ? 130 : 143) << p->err();
  const auto ids = alive_ids();
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_FALSE(has(p->err(), "was destroyed")) << p->err();
  EXPECT_TRUE(has(last_line(p->err()), "fly machine destroy " + ids[0] + " --app " + kApp + " --force")) << p->err();
}

INSTANTIATE_TEST_SUITE_P(Signals, SignalDuringOutage, ::testing::Values(SIGINT, SIGTERM),
                         [](const auto& info) { return std::string(info.param == SIGINT ? "SIGINT" : "SIGTERM"); });

}  // namespace
}  // namespace flypin::hostile
