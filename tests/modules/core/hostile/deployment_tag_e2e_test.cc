// Issue #10 item 14: `deployment-latest` and `deployment-` passed pin-image's
// mutable-tag guard. A deployment tag is `deployment-<ULID>`, nothing less.

#include <gtest/gtest.h>

#include <string>

#include "support/hostile/measured_run.h"
#include "support/hostile/scripted_apis.h"
#include "support/hostile/scripted_server.h"
#include "support/testbed/testbed.h"

namespace flypin::hostile {
namespace {

class DeploymentTagGuard : public ::testing::TestWithParam<std::string> {};

TEST_P(DeploymentTagGuard, PinImageRefusesBeforeAnyRequest) {
  ScriptedServer server([](const Request&, Conn& c) { c.respond(500); });
  const std::string image = server.host() + "/" + kRepository + ":" + GetParam();
  auto run = run_pin_image(image, server.url());
  EXPECT_EQ(run.exit_code, 2) << run.err;
  auto lines = nonblank_lines(run.err);
  ASSERT_EQ(lines.size(), 1u) << run.err;
  EXPECT_NE(lines[0].find("refusing mutable tag '" + GetParam() + "'"), std::string::npos) << lines[0];
  EXPECT_EQ(server.request_count(), 0u);
}

TEST_P(DeploymentTagGuard, BuildImageRefusesToMakeSuchATag) {
  testbed::TempDir context("flypin-tag-context");
  auto run = run_measured("build-image",
                          {"--repository", "127.0.0.1:9/" + std::string(kRepository), "--context", context.path(),
                           "--builder", "buildah", "--tag", GetParam()},
                          {});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("deployment-<ULID>"), std::string::npos) << run.err;
}

INSTANTIATE_TEST_SUITE_P(NotAUlid, DeploymentTagGuard,
                         ::testing::Values("deployment-latest", "deployment-",
                                           "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3",    // 25 characters
                                           "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3DE",  // 27
                                           "deployment-81JD7W5Q9R2M4X8Y6Z0A1B2C3D",   // past the 48-bit time
                                           "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3U"),  // U is not Crockford
                         [](const auto& info) { return "case" + std::to_string(info.index); });

TEST(DeploymentTag, AUlidTagStillPins) {
  ScriptedImage image;
  Routes routes;
  ScriptedServer registry(serve_image(routes, image));
  SupabaseServer supabase;
  auto run = run_pin_image(image_ref(registry), supabase.server.url());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(supabase.store.value("DOCKER_IMAGE"), image_ref(registry));
}

}  // namespace
}  // namespace flypin::hostile
