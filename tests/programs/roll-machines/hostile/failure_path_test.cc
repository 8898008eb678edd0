// Issue 24, items 13 and 14: when a machine fails, roll-machines' report
// costs seconds and says what the API answered. Its logs are read once (a logs
// API that never answers costs one short read, as in smoke-machine), and a
// refused update names its HTTP status, method and URL in every output.

#include <gtest/gtest.h>

#include "core/json.h"
#include "programs/roll-machines/hostile/fleet_world.h"
#include "support/hostile/bounded_failure.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

TEST(HostileRollFailure, ALogsApiThatNeverAnswersCostsOneShortRead) {
  // Accepts, reads the request, never answers: a blackholed logs API.
  auto blackhole = [](const Request&, Conn& c) { c.pause(10min); };
  FleetWorld world(
      [](ScriptedFly& fly) {
        fly.add({.id = "148ed726c24768", .state = "started", .digest = kOldDigest, .checks = "critical"});
      },
      {}, blackhole);
  auto r = world.roll({"--update", "all", "--wait-timeout", "5s"});
  // The health wait is 5 s; one read of the logs at most 5 s more.
  expect_failed_within(r.run, {.elapsed = 30s}, {"148ed726c24768", "health"});
  EXPECT_EQ(world.logs().request_count(), 1u) << "a failure path reads the logs once";
  EXPECT_TRUE(has(r.run.err, "could not read the machine's logs")) << r.run.err;
}

TEST(HostileRollFailure, ARefusedUpdateNamesItsStatusMethodAndUrlEverywhere) {
  FleetWorld world([](ScriptedFly& fly) { fly.add({.id = "148ed726c24768", .digest = kOldDigest}); },
                   [](Routes& routes) {
                     routes.on(
                         "POST", std::string("/v1/apps/") + kRollApp + "/machines/148ed726c24768",
                         [](const Request& r, Conn& c) {
                           if (r.path.ends_with("/lease")) {
                             c.respond(200, {{"Content-Type", "application/json"}},
                                       R"({"status":"success","data":{"nonce":"n1","expires_at":1900000000}})");
                           } else {
                             c.respond(422, {{"Content-Type", "application/json"}}, R"({"error":"invalid config"})");
                           }
                         });
                   });
  auto r = world.roll({"--update", "stopped", "--json"});
  EXPECT_EQ(r.run.exit_code, 1) << r.run.err;
  const std::string path = std::string("/v1/apps/") + kRollApp + "/machines/148ed726c24768";
  for (const auto& [where, text] :
       std::map<std::string, std::string>{{"stderr", last_error_line(r.run)}, {"summary", r.summary}}) {
    EXPECT_TRUE(has(text, "HTTP 422")) << where << ": " << text;
    EXPECT_TRUE(has(text, "POST ")) << where << ": " << text;
    EXPECT_TRUE(has(text, path)) << where << ": " << text;
  }
  auto lines = nonblank_lines(r.run.out);
  ASSERT_FALSE(lines.empty()) << r.run.err;
  auto doc = core::json::parse(lines.back(), "roll-machines --json");
  ASSERT_TRUE(doc.ok()) << lines.back();
  const auto* error = core::json::get_object(*doc, "error");
  ASSERT_NE(error, nullptr) << lines.back();
  const std::string message = core::json::get_string(*error, "message").value_or("");
  EXPECT_TRUE(has(message, "HTTP 422") && has(message, "POST ") && has(message, path)) << message;
  EXPECT_EQ(core::json::get_int(*error, "http-status").value_or(0), 422) << lines.back();
}

}  // namespace
}  // namespace flypin::hostile
