// Issue #10 item 7: an endless manifest cost 4.1 GB and 304 s, a 1 byte/s body
// 302 s. Every body is capped by what its call needs and a stalled transfer
// is abandoned, so a hostile registry costs seconds and a few MiB.

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "support/hostile/bounded_failure.h"
#include "support/hostile/measured_run.h"
#include "support/hostile/scripted_apis.h"
#include "support/hostile/scripted_server.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

// Generous bounds: the fixed programs need well under a second for the
// endless bodies and about five for the stalls; the unfixed ones needed minutes.
constexpr Bound kEndless{10s, 64 * 1024};
constexpr Bound kStall{20s};

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

const std::string kManifests = std::string("/v2/") + kRepository + "/manifests/";
constexpr const char* kManifestType = "application/vnd.oci.image.manifest.v1+json";

struct Scenario {
  Routes registry_routes;
  SupabaseServer supabase;
  std::string realm;
};

MeasuredRun pin(const ScriptedServer& registry, const Scenario& s) {
  return run_pin_image(image_ref(registry), s.supabase.server.url());
}

TEST(BodyLimits, EndlessManifestFailsFastWithTheLimitNamed) {
  Scenario s;
  s.registry_routes.on("GET", kManifests, [](const Request&, Conn& c) { endless(c, kManifestType); });
  ScriptedServer registry(s.registry_routes);

  expect_failed_within(pin(registry, s), kEndless, {"registry", "larger than the 4 MiB"});
  EXPECT_EQ(registry.count("GET", "/v2/"), 1u) << "a body over its cap is not fetched again";
  EXPECT_EQ(s.supabase.server.request_count(), 0u);
}

TEST(BodyLimits, EndlessTokenResponseFailsFastWithTheLimitNamed) {
  Scenario s;
  s.registry_routes.on("GET", "/v2/", [&s](const Request&, Conn& c) {
    c.respond(401, {{"WWW-Authenticate", "Bearer realm=\"" + s.realm + "\",service=\"hostile\""}}, "{}");
  });
  s.registry_routes.on("GET", "/token", [](const Request&, Conn& c) { endless(c, "application/json"); });
  ScriptedServer registry(s.registry_routes);
  s.realm = registry.url() + "/token";

  expect_failed_within(pin(registry, s), kEndless, {"registry token service", "larger than the 1 MiB"});
}

TEST(BodyLimits, ManifestAtOneBytePerSecondIsAbandonedAsStalled) {
  Scenario s;
  s.registry_routes.on("GET", kManifests, [](const Request&, Conn& c) { trickle(c, kManifestType); });
  ScriptedServer registry(s.registry_routes);

  expect_failed_within(pin(registry, s), kStall, {"registry", "stalled"});
  EXPECT_EQ(s.supabase.server.request_count(), 0u);
}

TEST(BodyLimits, AManifestUnderItsCapStillPins) {
  Scenario s;
  ScriptedImage image;
  serve_image(s.registry_routes, image);
  ScriptedServer registry(s.registry_routes);

  auto run = pin(registry, s);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(s.supabase.store.value("DOCKER_IMAGE"), image_ref(registry));
}

}  // namespace
}  // namespace flypin::hostile
