// Issue #10 item 7: an endless manifest cost 4.1 GB and 304 s, a 1 byte/s body
// 302 s. Every body is capped by what its call needs and a stalled transfer
// is abandoned, so a hostile registry costs seconds and a few MiB.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "measured_run.h"
#include "scripted_apis.h"
#include "scripted_server.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

// Generous bounds: the fixed programs need well under a second for the
// endless bodies and about five for the stalls; the unfixed ones needed minutes.
constexpr auto kEndlessBound = 10s;
constexpr auto kStallBound = 20s;
constexpr long kRssBoundKib = 64 * 1024;

// Headers, then the same 64 KiB forever (until the client leaves).
void endless(Conn& c, const std::string& content_type) {
  c.respond_head(200, {{"Content-Type", content_type}, {"Connection", "close"}});
  const std::string chunk = "{\"padding\":\"" + std::string(64 * 1024, 'x');
  while (c.serving() && c.write(chunk)) {
  }
  c.close();
}

// A plausible Content-Length, then one byte per second.
void trickle(Conn& c, const std::string& content_type) {
  c.respond_head(200, {{"Content-Type", content_type}, {"Content-Length", "4096"}});
  while (c.serving() && c.write("[") && c.pause(1s)) {
  }
  c.close();
}

std::string last_line(const MeasuredRun& run) {
  auto lines = nonblank_lines(run.err);
  return lines.empty() ? "" : lines.back();
}

struct Scenario {
  Routes registry_routes;
  ScriptedImage image;
  ScriptedSupabase store;
  Routes supabase_routes;
  std::string realm;
};

MeasuredRun pin(const ScriptedServer& registry, const ScriptedServer& supabase) {
  return run_measured("pin-image", {"--image", image_ref(registry), "--project-ref", kProjectRef},
                      pin_env(supabase.url()), 90s);
}

TEST(BodyLimits, EndlessManifestFailsFastWithTheLimitNamed) {
  Scenario s;
  s.registry_routes.on("GET", std::string("/v2/") + kRepository + "/manifests/",
                       [](const Request&, Conn& c) { endless(c, "application/vnd.oci.image.manifest.v1+json"); });
  ScriptedServer registry(s.registry_routes);
  ScriptedServer supabase(s.store.serve(s.supabase_routes));

  auto run = pin(registry, supabase);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  RecordProperty("elapsed_ms", static_cast<int>(run.elapsed.count()));
  RecordProperty("max_rss_kib", static_cast<int>(run.max_rss_kib));
  EXPECT_LT(run.elapsed, kEndlessBound);
  EXPECT_LT(run.max_rss_kib, kRssBoundKib);
  EXPECT_NE(last_line(run).find("registry"), std::string::npos) << run.err;
  EXPECT_NE(last_line(run).find("larger than the 4 MiB"), std::string::npos) << run.err;
  EXPECT_EQ(registry.count("GET", "/v2/"), 1u) << "a body over its cap is not fetched again";
  EXPECT_EQ(supabase.request_count(), 0u);
}

TEST(BodyLimits, EndlessTokenResponseFailsFastWithTheLimitNamed) {
  Scenario s;
  s.registry_routes.on("GET", "/v2/", [&s](const Request&, Conn& c) {
    c.respond(401, {{"WWW-Authenticate", "Bearer realm=\"" + s.realm + "\",service=\"hostile\""}}, "{}");
  });
  s.registry_routes.on("GET", "/token", [](const Request&, Conn& c) { endless(c, "application/json"); });
  ScriptedServer registry(s.registry_routes);
  s.realm = registry.url() + "/token";
  ScriptedServer supabase(s.store.serve(s.supabase_routes));

  auto run = pin(registry, supabase);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  RecordProperty("elapsed_ms", static_cast<int>(run.elapsed.count()));
  RecordProperty("max_rss_kib", static_cast<int>(run.max_rss_kib));
  EXPECT_LT(run.elapsed, kEndlessBound);
  EXPECT_LT(run.max_rss_kib, kRssBoundKib);
  EXPECT_NE(last_line(run).find("registry token service"), std::string::npos) << run.err;
  EXPECT_NE(last_line(run).find("larger than the 1 MiB"), std::string::npos) << run.err;
}

TEST(BodyLimits, ManifestAtOneBytePerSecondIsAbandonedAsStalled) {
  Scenario s;
  s.registry_routes.on("GET", std::string("/v2/") + kRepository + "/manifests/",
                       [](const Request&, Conn& c) { trickle(c, "application/vnd.oci.image.manifest.v1+json"); });
  ScriptedServer registry(s.registry_routes);
  ScriptedServer supabase(s.store.serve(s.supabase_routes));

  auto run = pin(registry, supabase);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  RecordProperty("elapsed_ms", static_cast<int>(run.elapsed.count()));
  RecordProperty("max_rss_kib", static_cast<int>(run.max_rss_kib));
  EXPECT_LT(run.elapsed, kStallBound);
  EXPECT_NE(last_line(run).find("registry"), std::string::npos) << run.err;
  EXPECT_NE(last_line(run).find("stalled"), std::string::npos) << run.err;
  EXPECT_EQ(supabase.request_count(), 0u);
}

TEST(BodyLimits, AManifestUnderItsCapStillPins) {
  Scenario s;
  serve_image(s.registry_routes, s.image);
  ScriptedServer registry(s.registry_routes);
  ScriptedServer supabase(s.store.serve(s.supabase_routes));

  auto run = pin(registry, supabase);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(s.store.value("DOCKER_IMAGE"), image_ref(registry));
}

}  // namespace
}  // namespace flypin::hostile
