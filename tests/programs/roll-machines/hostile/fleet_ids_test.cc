// Issue 24, items 7, 8 and 9: what the Machines API hands back as an id or a
// lease nonce is input. An id that is not one (".", "..", a comma, a line
// break) never reaches a URL or a list output; a machine listed twice is one
// machine; a nonce with CR/LF never becomes a request header.

#include <gtest/gtest.h>

#include "programs/roll-machines/hostile/fleet_world.h"
#include "support/hostile/bounded_failure.h"

namespace flypin::hostile {
namespace {

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

TEST(HostileFleetIds, IdsThatAreNotMachineIdsNeverReachAUrlOrAnOutput) {
  FleetWorld world([](ScriptedFly& fly) {
    for (const std::string id : {".", "..", "d8e0,e784", "3d8d9e5b\n6e82"}) fly.add({.id = id, .digest = kOldDigest});
    fly.add({.id = "148ed726c24768", .digest = kOldDigest});
  });
  auto r = world.roll({"--update", "stopped", "--json"});
  const std::string app = std::string("/v1/apps/") + kRollApp;
  for (const auto& req : world.fly().requests()) {
    // curl resolves dot segments: "." and ".." would have become these.
    EXPECT_NE(req.path, app + "/machines/lease") << journal(world.fly());
    EXPECT_NE(req.path, app + "/lease") << journal(world.fly());
    EXPECT_FALSE(has(req.path, "/machines/.")) << journal(world.fly());
    EXPECT_FALSE(has(req.target, "%0A") || has(req.target, "%2C")) << journal(world.fly());
  }
  EXPECT_EQ(world.fly().count("POST", app + "/machines/"), 0u) << "nothing is changed on a list the API garbled\n"
                                                               << journal(world.fly());
  EXPECT_EQ(r.run.exit_code, 1) << r.run.err;
  EXPECT_TRUE(has(last_error_line(r.run), "not a machine id")) << r.run.err;
  for (const auto& [name, value] : r.outputs) {
    EXPECT_FALSE(has(value, "d8e0,e784") || has(value, "3d8d9e5b\n")) << name << "=" << value;
  }
}

TEST(HostileFleetIds, AMachineListedTwiceIsOneMachineWithOneLease) {
  FleetWorld world([](ScriptedFly& fly) {
    fly.add({.id = "148ed726c24768", .digest = kOldDigest});
    fly.add({.id = "148ed726c24768", .digest = kOldDigest});
  });
  auto r = world.roll({"--update", "stopped", "--json"});
  EXPECT_EQ(r.run.exit_code, 0) << r.run.err;
  EXPECT_EQ(r.outputs["total"], "1");
  EXPECT_EQ(r.outputs["drifted"], "1");
  EXPECT_EQ(r.outputs["drifted-ids"], "148ed726c24768");
  EXPECT_EQ(r.outputs["updated"], "1");
  EXPECT_EQ(r.outputs["skipped-leased"], "") << "it raced itself for its own lease";
  const std::string machine = world.machines().machines_path() + "/148ed726c24768";
  EXPECT_EQ(world.fly().count("POST", machine + "/lease"), 1u) << journal(world.fly());
  EXPECT_EQ(world.machines().updates("148ed726c24768"), 1);
}

TEST(HostileFleetIds, ALeaseNonceWithALineBreakNeverBecomesAHeader) {
  FleetWorld world([](ScriptedFly& fly) {
    fly.add({.id = "148ed726c24768", .digest = kOldDigest});
    fly.set_nonce("f00d\r\nX-Injected: forged");
  });
  auto r = world.roll({"--update", "stopped"});
  for (const auto& req : world.fly().requests()) {
    EXPECT_FALSE(req.has_header("X-Injected")) << req.method << " " << req.target;
  }
  EXPECT_EQ(world.machines().updates("148ed726c24768"), 0) << "an update under a garbled lease";
  EXPECT_EQ(r.run.exit_code, 1) << r.run.err;
  EXPECT_TRUE(has(r.run.err, "lease")) << r.run.err;
  EXPECT_EQ(r.outputs["failed"], "148ed726c24768");
}

}  // namespace
}  // namespace flypin::hostile
