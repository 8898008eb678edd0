// Issue 24, items 4 and 5 for pin-image --status: the history's run URL and
// sha and the secrets API's updated_at are servers' text. In the step summary
// they render as text; on stdout's --json line no "##[" makes the runner obey
// them.

#include <gtest/gtest.h>

#include "programs/pin-image/hostile/pin_world.h"
#include "support/hostile/output_checks.h"
#include "support/launchers/program_json.h"

namespace flypin::hostile {
namespace {

struct Scripted {
  ScriptedImage image;
  Routes routes;
  ScriptedServer registry{serve_image(routes, image)};
  std::string repo() const { return registry.host() + "/team/app"; }
};

TEST(HostileStatusReport, ServerTextInTheSummaryIsText) {
  Scripted s;
  PinWorld world;
  world.supabase.store.seed(kSecret, s.repo() + ":" + kLiveTag);
  world.supabase.store.set_updated_at("2026-01-01T00:00:00Z " + forged_markup());
  world.github.store.add(
      {.id = 3,
       .environment = kEnvironment,
       .sha = "0123456789abcdef " + forged_markup(),
       .payload = {{"image", s.repo() + ":" + kLiveTag}, {"run_url", "http://x.test/run " + forged_markup()}}});
  world.pinned(1, s.repo() + ":" + kOldestTag, {{"build_time", forged_markup()}});
  auto status = world.run({"--status"});
  EXPECT_EQ(status.run.exit_code, 0) << status.run.err;
  ASSERT_NE(status.summary.find(kLiveTag), std::string::npos) << status.summary;
  EXPECT_EQ(markdown_injections(status.summary, kForged), std::vector<std::string>{}) << status.summary;
}

TEST(HostileStatusReport, JsonOnStdoutCarriesNoWorkflowCommand) {
  Scripted s;
  PinWorld world;
  const std::string forged = forged_command();
  world.supabase.store.seed(kSecret, s.repo() + ":" + kLiveTag);
  world.supabase.store.set_updated_at(forged);
  world.pinned(1, s.repo() + ":" + kLiveTag, {{"run_url", forged}});
  auto status = world.run({"--status", "--json"});
  EXPECT_EQ(status.run.exit_code, 0) << status.run.err;
  EXPECT_EQ(forged_commands(status.run.out + status.run.err, kForged), std::vector<std::string>{}) << status.run.out;
  EXPECT_EQ(e2e::json_field(status.run.out, "live-run-url"), forged) << "still the server's text once the JSON is read";
}

}  // namespace
}  // namespace flypin::hostile
