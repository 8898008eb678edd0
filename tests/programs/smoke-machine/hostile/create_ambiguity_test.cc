// Item 1 of issue 10: the emulator creates the machine, but smoke-machine hears
// a 500, a 502, a cut connection, or a 200 whose body is not JSON or has no
// id. The machine exists; smoke-machine must find it by its marker and destroy
// it (or use it), never leave it behind — and never create a second one.

#include <atomic>
#include <csignal>

#include "programs/smoke-machine/hostile/hostile_fly_test.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

enum class Garble { k500, k502, kCutConnection, kNotJson, kNoId };

std::string name_of(Garble g) {
  switch (g) {
    case Garble::k500:
      return "Http500";
    case Garble::k502:
      return "Http502";
    case Garble::kCutConnection:
      return "CutConnection";
    case Garble::kNotJson:
      return "NotJson";
    case Garble::kNoId:
      return "NoId";
  }
  return "?";
}

void answer(Garble g, Conn& conn) {
  switch (g) {
    case Garble::k500:
      conn.respond(500, {{"Content-Type", "application/json"}}, R"({"error":"internal server error"})");
      return;
    case Garble::k502:
      conn.respond(502, {{"Content-Type", "text/html"}}, "<html><body>502 Bad Gateway</body></html>");
      return;
    case Garble::kCutConnection:
      conn.reset();
      return;
    case Garble::kNotJson:
      conn.respond(200, {{"Content-Type", "application/json"}}, "<html>upstream hiccup</html>");
      return;
    case Garble::kNoId:
      conn.respond(200, {{"Content-Type", "application/json"}}, R"({"state":"created","region":"sin"})");
      return;
  }
}

class CreateAmbiguity : public HostileFlyTest, public ::testing::WithParamInterface<Garble> {};

TEST_P(CreateAmbiguity, TheMachineThatWasCreatedAnywayIsFoundAndDestroyed) {
  const auto img = healthy_image();
  std::atomic<int> creates{0};
  front_->script([&](const Request& r, Conn& c, const auto& forward) {
    if (r.method != "POST" || r.path != std::string("/v1/apps/") + kApp + "/machines") return false;
    if (++creates > 1) return false;  // later creates get the emulator's own answer (409 for the same name)
    const auto created = forward();
    EXPECT_EQ(created.status, 200) << created.body;
    answer(GetParam(), c);
    return true;
  });
  auto p = start("smoke-machine", smoke_args(img));
  const int exit = p->wait(120s);
  // The truth is in the emulator: nothing smoke-machine created is left.
  EXPECT_EQ(alive(), 0) << "left behind: " << emulator().admin("GET", "/_admin/machines").body << "\n" << p->err();
  EXPECT_EQ(exit, 0) << p->err();
  EXPECT_TRUE(has(p->err(), "destroyed (confirmed)")) << p->err();
  EXPECT_EQ(front_->server().count("DELETE", "/v1/apps/"), 1u) << p->err();
}

INSTANTIATE_TEST_SUITE_P(Garbles, CreateAmbiguity,
                         ::testing::Values(Garble::k500, Garble::k502, Garble::kCutConnection, Garble::kNotJson,
                                           Garble::kNoId),
                         [](const auto& info) { return name_of(info.param); });

// The create is answered 500 and the API is down for a while afterwards:
// smoke-machine cannot tell at once whether the machine exists, and must keep
// looking (within its cleanup deadline) rather than give up and leave it.
TEST_F(HostileFlyTest, CreateAnswered500ThenAnOutageStillFindsAndDestroysTheMachine) {
  const auto img = healthy_image();
  Window outage(6s);
  std::atomic<int> creates{0};
  front_->script([&](const Request& r, Conn& c, const auto& forward) {
    const bool create = r.method == "POST" && r.path == std::string("/v1/apps/") + kApp + "/machines";
    if (create && ++creates == 1) {
      forward();
      outage.open();
      c.respond(500, {{"Content-Type", "application/json"}}, R"({"error":"internal server error"})");
      return true;
    }
    if (outage.active()) {
      c.respond(503, {{"Content-Type", "application/json"}}, R"({"error":"service unavailable"})");
      return true;
    }
    return false;
  });
  auto p = start("smoke-machine", smoke_args(img));
  const int exit = p->wait(120s);
  EXPECT_EQ(alive(), 0) << "left behind: " << emulator().admin("GET", "/_admin/machines").body << "\n" << p->err();
  EXPECT_EQ(exit, 0) << p->err();
  EXPECT_EQ(creates.load(), 1) << "a create was sent again while the first one's fate was unknown\n" << p->err();
}

// A signal arrives while the create is still on its way: smoke-machine gives up
// the request, but the API creates the machine seconds later all the same.
TEST_F(HostileFlyTest, ACreateCutOffBySignalThatLandsLaterIsStillFoundAndDestroyed) {
  const auto img = healthy_image();
  std::atomic<bool> landed{false};
  front_->script([&](const Request& r, Conn& c, const auto& forward) {
    if (r.method != "POST" || r.path != std::string("/v1/apps/") + kApp + "/machines") return false;
    c.pause(3s);  // the client is gone by now; the API carries on regardless
    FlyFront::relay(c, forward());
    landed = true;
    return true;
  });
  auto p = start("smoke-machine", smoke_args(img));
  ASSERT_TRUE(front_->server().await_requests(1, 30s));
  p->signal(SIGINT);
  const int exit = p->wait(60s);
  EXPECT_EQ(exit, 130) << p->err();
  EXPECT_TRUE(landed.load()) << "the create never reached the emulator:\n" << p->err();
  EXPECT_EQ(alive(), 0) << "left behind: " << emulator().admin("GET", "/_admin/machines").body << "\n" << p->err();
  EXPECT_TRUE(has(p->err(), "was destroyed")) << p->err();
}

}  // namespace
}  // namespace flypin::hostile
