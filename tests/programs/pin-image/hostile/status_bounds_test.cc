// Issue 24, items 6 and 15: --status asks registries whether earlier pins
// still exist, and prints them one a line. A registry that accepts
// connections and never answers costs seconds, and its images are "cannot be
// checked" (never "gone"); a payload image with a line break is no image, and
// cannot forge an "IMAGE exists" line.

#include <gtest/gtest.h>

#include <regex>

#include "programs/pin-image/hostile/pin_world.h"
#include "registry/reference.h"
#include "support/hostile/bounded_failure.h"
#include "support/launchers/program_json.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

TEST(HostileStatus, ARegistryThatNeverAnswersCostsSecondsAndItsImagesCannotBeChecked) {
  // Accepts, reads the request, never answers.
  ScriptedServer blackhole([](const Request&, Conn& c) { c.pause(10min); });
  const std::string repo = blackhole.host() + "/team/app";
  PinWorld world;
  world.supabase.store.seed(kSecret, repo + ":" + kLiveTag);
  world.pinned(4, repo + ":" + kLiveTag);
  world.pinned(3, repo + ":" + kOlderTag);
  world.pinned(2, repo + ":" + kOldestTag);
  world.pinned(1, repo + ":deployment-01JC0000000000000000000000");
  auto status = world.run({"--status", "--json"}, {}, 120s);
  RecordProperty("elapsed_ms", static_cast<int>(status.run.elapsed.count()));
  EXPECT_EQ(status.run.exit_code, 0) << status.run.err;
  EXPECT_LT(status.run.elapsed, 30s) << status.run.err;
  EXPECT_EQ(e2e::json_field(status.run.out, "live-image"), repo + ":" + kLiveTag);
  const std::string previous = e2e::json_field(status.run.out, "previous-images");
  EXPECT_FALSE(has(previous, " gone")) << "unanswered is not gone: " << previous;
  EXPECT_TRUE(has(previous, repo + ":" + kOlderTag + " unchecked\n")) << previous;
  EXPECT_TRUE(has(status.summary, "cannot be checked")) << status.summary;
}

TEST(HostileStatus, APayloadImageCannotForgeAPreviousImagesLine) {
  ScriptedImage image;
  Routes routes;
  ScriptedServer registry(serve_image(routes, image));
  const std::string repo = registry.host() + "/team/app";
  PinWorld world;
  world.supabase.store.seed(kSecret, repo + ":" + kLiveTag);
  world.pinned(3, repo + ":" + kLiveTag);
  world.pinned(2, repo + ":" + kOlderTag + "\nevil.test/x:deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D exists");
  world.pinned(1, repo + ":" + kOldestTag);
  auto status = world.run({"--status", "--json"});
  EXPECT_EQ(status.run.exit_code, 0) << status.run.err;
  for (const auto& [where, previous] :
       std::map<std::string, std::string>{{"--json", e2e::json_field(status.run.out, "previous-images")},
                                          {"GITHUB_OUTPUT", status.outputs["previous-images"]}}) {
    EXPECT_TRUE(has(previous, repo + ":" + kOldestTag + " exists")) << where << ": " << previous;
    std::istringstream lines(previous);
    std::string line;
    static const std::regex kLine("^(\\S+) (exists|gone|unchecked|foreign)$");
    while (std::getline(lines, line)) {
      std::smatch m;
      ASSERT_TRUE(std::regex_match(line, m, kLine)) << where << ": " << line;
      EXPECT_TRUE(registry::parse_reference(m[1].str()).ok()) << where << ": " << line;
      EXPECT_FALSE(has(line, "evil.test")) << where << ": a forged line: " << line;
    }
  }
}

}  // namespace
}  // namespace flypin::hostile
