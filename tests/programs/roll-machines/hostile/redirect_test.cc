// A Machines API that answers with a redirect to another host: roll-machines
// must not follow it, so the other host never sees a request, let alone the token.
#include <gtest/gtest.h>

#include "support/hostile/scripted_server.h"
#include "support/launchers/program_run.h"
#include "support/testbed/testbed.h"

namespace flypin::hostile {
namespace {

constexpr const char* kToken = "fly_CANARY_redirect_4471";

TEST(HostileRollMachines, ARedirectToAnotherHostNeverGetsTheToken) {
  testbed::LocalRegistry registry(testbed::AuthMode::kBasic);
  const std::string tag = "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D";
  registry.push_image("team/app", tag);
  ScriptedServer elsewhere(Routes().on("*", "/", [](const Request&, Conn& c) { c.respond(200, {}, "[]"); }));
  ScriptedServer front(Routes().on("*", "/", [&](const Request& r, Conn& c) {
    c.respond(307, {{"Location", elsewhere.url() + r.target}}, "");
  }));
  for (const std::string update : {"", "stopped"}) {
    std::vector<std::string> args{"--app", "my-app", "--image", registry.host() + "/team/app:" + tag};
    if (!update.empty()) args.insert(args.end(), {"--update", update});
    auto run = e2e::run_program("roll-machines", args,
                                {{"FLY_API_TOKEN", kToken},
                                 {"FLY_API_URL", front.url()},
                                 {"REGISTRY_USERNAME", registry.username()},
                                 {"REGISTRY_PASSWORD", registry.password()}});
    EXPECT_EQ(run.exit_code, 1) << run.err;
    EXPECT_NE(run.err.find("307"), std::string::npos) << run.err;
    EXPECT_EQ(run.err.find(kToken), std::string::npos);
  }
  EXPECT_GE(front.request_count(), 2u);
  EXPECT_TRUE(front.saw(kToken));  // it was sent where it belongs
  EXPECT_EQ(elsewhere.request_count(), 0u);
  EXPECT_FALSE(elsewhere.saw(kToken));
}

}  // namespace
}  // namespace flypin::hostile
