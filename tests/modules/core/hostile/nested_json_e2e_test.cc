// Issue #10 item 6: JSON nested ~150,000 levels deep overflowed the stack
// (SIGSEGV, exit 139) wherever flypin reads JSON. Each input here gets such a
// document; every program must fail with one clear line instead.

#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "support/hostile/measured_run.h"
#include "support/hostile/scripted_apis.h"
#include "support/hostile/scripted_server.h"
#include "support/testbed/testbed.h"

namespace flypin::hostile {
namespace {

const std::string kDeep = nested_json(150'000);

void expect_depth_error(const MeasuredRun& run, int exit_code, const std::string& what) {
  EXPECT_EQ(run.exit_code, exit_code) << run.err;
  auto lines = nonblank_lines(run.err);
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines.back().find(what), std::string::npos) << lines.back();
  EXPECT_NE(lines.back().find("nested deeper than"), std::string::npos) << lines.back();
}

TEST(NestedJson, ManifestFailsPinImageWithOneLine) {
  Routes routes;
  routes.on("GET", std::string("/v2/") + kRepository + "/manifests/", [](const Request&, Conn& c) {
    c.respond(200, {{"Content-Type", "application/vnd.oci.image.manifest.v1+json"}}, kDeep);
  });
  ScriptedServer registry(routes);
  SupabaseServer supabase;

  auto run = run_pin_image(image_ref(registry), supabase.server.url());
  expect_depth_error(run, 1, "manifest");
  EXPECT_EQ(supabase.server.request_count(), 0u) << "nothing is written after an unreadable manifest";
}

TEST(NestedJson, TokenResponseFailsPinImageWithOneLine) {
  std::string realm;
  Routes routes;
  routes.on("GET", "/v2/", [&realm](const Request&, Conn& c) {
    c.respond(401, {{"WWW-Authenticate", "Bearer realm=\"" + realm + "\",service=\"hostile\""}}, "{}");
  });
  routes.on("GET", "/token", [](const Request&, Conn& c) {
    c.respond(200, {{"Content-Type", "application/json"}}, kDeep);
  });
  ScriptedServer registry(routes);
  realm = registry.url() + "/token";
  SupabaseServer supabase;

  auto run = run_pin_image(image_ref(registry), supabase.server.url());
  expect_depth_error(run, 1, "token response");
  EXPECT_EQ(registry.count("GET", "/token"), 1u);
}

TEST(NestedJson, DockerConfigIsAUsageErrorForPinImageBeforeAnyRequest) {
  testbed::TempDir dir("flypin-nested-config");
  testbed::write_file(dir.file("config.json"), kDeep);
  ScriptedServer registry([](const Request&, Conn& c) { c.respond(500); });
  auto run = run_pin_image(image_ref(registry), "http://127.0.0.1:9", {}, {{"DOCKER_CONFIG", dir.path()}});
  expect_depth_error(run, 2, "docker config");
  EXPECT_EQ(registry.request_count(), 0u);
}

TEST(NestedJson, DockerConfigIsAUsageErrorForBuildImageBeforeAnyBuild) {
  testbed::TempDir dir("flypin-nested-config");
  testbed::write_file(dir.file("config.json"), kDeep);
  testbed::TempDir context("flypin-nested-context");
  testbed::write_file(context.file("Dockerfile"), "FROM scratch\n");
  ScriptedServer registry([](const Request&, Conn& c) { c.respond(500); });

  auto run = run_measured(
      "build-image",
      {"--repository", registry.host() + "/" + kRepository, "--context", context.path(), "--builder", "buildah"},
      {{"DOCKER_CONFIG", dir.path()}});
  expect_depth_error(run, 2, "docker config");
  EXPECT_EQ(registry.request_count(), 0u);
}

// After a successful create, the machine's own JSON comes back hostile: the
// run must fail with one line, and still destroy the machine it created.
TEST(NestedJson, FlyMachineFailsSmokeMachineWhichStillDestroysIt) {
  constexpr const char* kId = "148ed1234567890";
  const std::string machine =
      std::string(R"({"id":")") + kId +
      R"(","name":"smoke-x","state":"created","region":"sin","instance_id":"01H","config":{"image":"img",)"
      R"("guest":{"cpu_kind":"shared","cpus":1,"memory_mb":256},"metadata":{"flypin_smoke":"true"}}})";
  const std::string path = std::string("/v1/apps/app/machines/") + kId;
  std::atomic<bool> destroyed{false};
  Routes routes;
  routes.on("POST", "/v1/apps/app/machines", [&](const Request&, Conn& c) {
    c.respond(200, {{"Content-Type", "application/json"}}, machine);
  });
  routes.on("GET", path + "/wait", [](const Request&, Conn& c) {
    c.respond(200, {{"Content-Type", "application/json"}}, R"({"ok":true})");
  });
  routes.on("GET", path, [&](const Request&, Conn& c) {
    if (destroyed) {
      c.respond(404, {{"Content-Type", "application/json"}}, R"({"error":"machine not found"})");
    } else {
      c.respond(200, {{"Content-Type", "application/json"}}, kDeep);
    }
  });
  routes.on("DELETE", path, [&](const Request&, Conn& c) {
    destroyed = true;
    c.respond(200, {{"Content-Type", "application/json"}}, R"({"ok":true})");
  });
  routes.on("GET", "/v1/apps/app/machines", [](const Request&, Conn& c) {
    c.respond(200, {{"Content-Type", "application/json"}}, "[]");
  });
  ScriptedServer fly(routes);

  auto run = run_measured(
      "smoke-machine",
      {"--app", "app", "--image", "127.0.0.1:5000/team/app:" + std::string(kDeploymentTag), "--region", "sin",
       "--cpu-kind", "shared", "--cpus", "1", "--memory-mb", "256", "--timeout", "30s"},
      {{"FLY_API_URL", fly.url()}, {"FLY_LOGS_API_URL", fly.url()}, {"FLY_API_TOKEN", "fly_CANARY_hostile"}});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("nested deeper than"), std::string::npos) << run.err;
  EXPECT_GE(fly.count("DELETE", path), 1u) << "the machine it created must be destroyed:\n" << run.err;
}

}  // namespace
}  // namespace flypin::hostile
