// Issue 12: the logs API misbehaving while smoke-machine explains a failure.
// An endless body, a redirect to another host, a 429 storm with a long
// Retry-After, a dropped connection: none may hang smoke-machine past its
// bounds, carry the token anywhere but the logs URL, or leave the machine.

#include <algorithm>
#include <cstdio>
#include <thread>

#include "programs/smoke-machine/hostile/hostile_fly_test.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

enum class Misbehaviour { kEndlessBody, kRedirectElsewhere, kRateLimitStorm, kDroppedConnection };

std::string name_of(Misbehaviour m) {
  switch (m) {
    case Misbehaviour::kEndlessBody:
      return "EndlessBody";
    case Misbehaviour::kRedirectElsewhere:
      return "RedirectElsewhere";
    case Misbehaviour::kRateLimitStorm:
      return "RateLimitStorm";
    case Misbehaviour::kDroppedConnection:
      return "DroppedConnection";
  }
  return "?";
}

class HostileLogs : public HostileFlyTest, public ::testing::WithParamInterface<Misbehaviour> {
 protected:
  static std::string crashing_image() {
    static std::string ref;
    if (ref.empty()) {
      testbed::ImageSpec spec;
      spec.entrypoint = {"/app/server"};
      spec.cmd = {};
      registry().push_image("flypin-hostile/crashing", "deployment-test", spec);
      ref = registry().host() + "/flypin-hostile/crashing:deployment-test";
    }
    return ref;
  }
};

TEST_P(HostileLogs, NeitherHangsNorLeaksTheTokenNorTheMachine) {
  ScriptedServer elsewhere([](const Request&, Conn& c) { c.respond(200, {}, R"({"data":[],"meta":{}})"); });
  const std::string target = elsewhere.url();
  ScriptedServer logs([m = GetParam(), target](const Request& r, Conn& c) {
    switch (m) {
      case Misbehaviour::kEndlessBody:
        c.respond_head(200, {{"Content-Type", "application/json"}});
        c.write(R"({"data":[)");
        while (c.serving() && c.write(std::string(64 * 1024, ' '))) {
        }
        c.close();
        return;
      case Misbehaviour::kRedirectElsewhere:
        c.respond(302, {{"Location", target + r.target}});
        return;
      case Misbehaviour::kRateLimitStorm:
        c.respond(429, {{"Content-Type", "application/json"}, {"Retry-After", "3600"}},
                  R"({"error":"rate limit exceeded"})");
        return;
      case Misbehaviour::kDroppedConnection:
        c.reset();
        return;
    }
  });
  const auto t0 = std::chrono::steady_clock::now();
  auto p = start("smoke-machine", smoke_args(crashing_image(), {"--logs-wait", "3s", "--json"}),
                 {{"FLY_LOGS_API_URL", logs.url()}, {"GITHUB_STEP_SUMMARY", dir_->file("summary.md")}});
  const int exit = p->wait(90s);
  const auto took = std::chrono::steady_clock::now() - t0;
  const std::string all = p->err() + p->out() + testbed::read_file(dir_->file("summary.md"));
  EXPECT_EQ(exit, 1) << p->err();
  EXPECT_TRUE(has(p->err(), "exited with code 127")) << p->err();
  EXPECT_TRUE(has(p->err(), "could not read the machine's logs")) << p->err();
  // The wait for logs (3 s) and one read past it (5 s at most) bound the delay.
  EXPECT_LT(took, 40s) << p->err();
  EXPECT_FALSE(has(all, kToken)) << all;
  EXPECT_EQ(elsewhere.request_count(), 0u) << "a redirect is never followed";
  EXPECT_FALSE(elsewhere.saw(kToken));
  EXPECT_GT(logs.request_count(), 0u);
  // Never faster than flyctl (one read per 128 ms at most) however the server answers.
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(took).count();
  EXPECT_LE(logs.request_count(), static_cast<size_t>(ms / 128 + 2)) << logs.request_count() << " in " << ms << " ms";
  EXPECT_TRUE(await_alive(0, 15s)) << "left behind: " << emulator().admin("GET", "/_admin/machines").body;
}

// A logs API that refuses connections (nothing listens on its port) is given
// up on at once: the verdict comes at most a second or two after the one that
// reads no logs at all (--log-lines 0), not after the whole --logs-wait.
TEST_F(HostileLogs, ALogsAPIThatRefusesConnectionsCostsTheVerdictASecondOrTwo) {
  std::string refused_url;
  {
    ScriptedServer closed([](const Request&, Conn& c) { c.respond(500); });
    refused_url = closed.url();
  }  // stopped: its port now refuses connections
  auto verdict = [&](std::vector<std::string> extra) {
    auto best = std::chrono::steady_clock::duration::max();
    for (int i = 0; i < 2; ++i) {  // the faster of two: boot times vary under load
      const auto t0 = std::chrono::steady_clock::now();
      auto p = start("smoke-machine", smoke_args(crashing_image(), extra), {{"FLY_LOGS_API_URL", refused_url}});
      EXPECT_EQ(p->wait(90s), 1) << p->err();
      EXPECT_TRUE(has(p->err(), "exited with code 127")) << p->err();
      best = std::min(best, std::chrono::steady_clock::now() - t0);
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(best);
  };
  const auto without_logs = verdict({"--log-lines", "0"});
  const auto refused = verdict({});  // --logs-wait 10s, the default
  std::printf("verdict with a refused logs API %lld ms, without reading logs %lld ms\n",
              static_cast<long long>(refused.count()), static_cast<long long>(without_logs.count()));
  EXPECT_LE(refused - without_logs, 2000ms);
  EXPECT_TRUE(await_alive(0, 15s)) << "left behind: " << emulator().admin("GET", "/_admin/machines").body;
}

INSTANTIATE_TEST_SUITE_P(Logs, HostileLogs,
                         ::testing::Values(Misbehaviour::kEndlessBody, Misbehaviour::kRedirectElsewhere,
                                           Misbehaviour::kRateLimitStorm, Misbehaviour::kDroppedConnection),
                         [](const auto& info) { return name_of(info.param); });

}  // namespace
}  // namespace flypin::hostile
