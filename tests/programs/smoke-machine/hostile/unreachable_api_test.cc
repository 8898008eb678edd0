// Issue 19: a Fly API that refuses connections. Before any machine exists
// nothing can have been created: smoke-machine ends in seconds with one
// verdict line (it searched for a machine that could not exist for 7 minutes,
// 482 log lines). After a create, it stops watching within seconds and cleanup
// keeps trying until --cleanup-timeout, then names the machine it leaves.

#include <algorithm>
#include <cstdio>

#include "programs/smoke-machine/hostile/hostile_fly_test.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

std::string refusing_url() {
  ScriptedServer closed([](const Request&, Conn& c) { c.respond(500); });
  return closed.url();  // stopped on return: its port refuses connections
}

long long lines_in(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

TEST_F(HostileFlyTest, AnAPIRefusingConnectionsBeforeAnyMachineEndsInSecondsWithOneVerdict) {
  const std::string url = refusing_url();
  const auto t0 = std::chrono::steady_clock::now();
  auto p = start("smoke-machine", smoke_args(healthy_image()), {{"FLY_API_URL", url}, {"FLY_LOGS_API_URL", url}});
  EXPECT_EQ(p->wait(60s), 1) << p->err();
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  std::printf("unreachable Fly API before any machine: %lld ms, %lld lines on stderr\n",
              static_cast<long long>(took.count()), lines_in(p->err()));
  EXPECT_LT(took, 10s) << p->err();
  EXPECT_TRUE(has(last_line(p->err()), "cannot reach")) << p->err();
  EXPECT_TRUE(has(last_line(p->err()), "no machine was created")) << p->err();
  EXPECT_FALSE(has(p->err(), "cannot tell yet")) << "no search for a machine that cannot exist";
  EXPECT_LE(lines_in(p->err()), 8) << p->err();
  EXPECT_EQ(alive(), 0);
}

TEST_F(HostileFlyTest, AnAPIThatGoesAwayAfterTheCreateIsBoundedByTheCleanupDeadline) {
  auto p = start("smoke-machine", smoke_args(slow_image(), {"--cleanup-timeout", "5s"}));  // --timeout 60s
  ASSERT_TRUE(await_alive(1, 60s)) << p->err();
  const auto t0 = std::chrono::steady_clock::now();
  front_.reset();  // the API's address now refuses every connection
  const int exit = p->wait(90s);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  std::printf("unreachable Fly API after the create: verdict %lld ms later (--cleanup-timeout 5s)\n",
              static_cast<long long>(took.count()));
  EXPECT_EQ(exit, 1) << p->err();
  // 10 s of refused connections (and one pause of the wait's back-off, 8 s at
  // most) end the watch, then 5 s of cleanup: not the 60 s --timeout.
  EXPECT_LT(took, 30s) << p->err();
  const auto ids = alive_ids();
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_TRUE(has(last_line(p->err()), "machine " + ids[0])) << p->err();
  EXPECT_TRUE(has(last_line(p->err()), "fly machine destroy " + ids[0])) << p->err();
  // TearDown's reset removes the machine this run had to leave.
}

}  // namespace
}  // namespace flypin::hostile
