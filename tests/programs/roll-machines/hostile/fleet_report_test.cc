// Issue 24, items 4 and 5 for roll-machines: a machine's region, state and
// digest are the API's text. In the step summary they render as text (no
// image, link, tag, row or heading comes out of them), and on stdout's --json
// line no "##[" makes the runner obey them.

#include <gtest/gtest.h>

#include "core/json.h"
#include "programs/roll-machines/hostile/fleet_world.h"
#include "support/hostile/output_checks.h"

namespace flypin::hostile {
namespace {

TEST(HostileFleetReport, ServerTextInTheSummaryIsText) {
  FleetWorld world([](ScriptedFly& fly) {
    fly.add({.id = "148ed726c24768",
             .state = "stopped " + forged_markup(),
             .region = forged_markup(),
             .digest = forged_markup()});
    fly.add({.id = "e784079b449483", .state = forged_markup(), .region = "sin", .digest = "sha256:" + forged_markup()});
  });
  auto r = world.roll({});
  EXPECT_EQ(r.run.exit_code, 0) << r.run.err;
  ASSERT_NE(r.summary.find("148ed726c24768"), std::string::npos) << r.summary;
  EXPECT_EQ(markdown_injections(r.summary, kForged), std::vector<std::string>{}) << r.summary;
}

TEST(HostileFleetReport, JsonOnStdoutCarriesNoWorkflowCommand) {
  const std::string forged = forged_command();
  FleetWorld world(
      [&](ScriptedFly& fly) { fly.add({.id = "148ed726c24768", .region = forged, .digest = kOldDigest}); });
  auto r = world.roll({"--json"});
  EXPECT_EQ(r.run.exit_code, 0) << r.run.err;
  EXPECT_EQ(forged_commands(r.run.out + r.run.err, kForged), std::vector<std::string>{}) << r.run.out;
  // Still the API's text once the JSON is read.
  auto lines = nonblank_lines(r.run.out);
  ASSERT_FALSE(lines.empty());
  auto doc = core::json::parse(lines.back(), "roll-machines --json");
  ASSERT_TRUE(doc.ok()) << lines.back();
  EXPECT_NE(core::json::get_string(*doc, "report").value_or("").find(forged), std::string::npos) << lines.back();
}

}  // namespace
}  // namespace flypin::hostile
