// Issue #10 item 17: with --json a failed run printed nothing on stdout. Every
// program now prints its one JSON object with an `error` (message, kind, exit
// status), usage errors included.

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "core/json.h"
#include "support/hostile/measured_run.h"
#include "support/hostile/scripted_apis.h"
#include "support/hostile/scripted_server.h"
#include "support/testbed/testbed.h"

namespace flypin::hostile {
namespace {

struct JsonError {
  std::string message;
  std::string kind;
  long long exit_status = -1;
};

// The only line of stdout, parsed; its `error` object.
std::optional<JsonError> json_error(const MeasuredRun& run) {
  auto lines = nonblank_lines(run.out);
  if (lines.size() != 1) return std::nullopt;
  auto doc = core::json::parse(lines.front(), "stdout");
  if (!doc.ok()) return std::nullopt;
  const auto* error = core::json::get_object(*doc, "error");
  if (error == nullptr) return std::nullopt;
  return JsonError{core::json::get_string(*error, "message").value_or(""),
                   core::json::get_string(*error, "kind").value_or(""),
                   core::json::get_int(*error, "exit-status").value_or(-1)};
}

void expect_json_error(const MeasuredRun& run, int exit_code, const std::string& kind, const std::string& text) {
  EXPECT_EQ(run.exit_code, exit_code) << run.err;
  auto error = json_error(run);
  ASSERT_TRUE(error.has_value()) << "stdout:\n" << run.out << "\nstderr:\n" << run.err;
  EXPECT_EQ(error->kind, kind);
  EXPECT_EQ(error->exit_status, exit_code);
  EXPECT_NE(error->message.find(text), std::string::npos) << error->message;
}

TEST(JsonError, PinImageUsageError) {
  auto run = run_pin_image("127.0.0.1:5000/app:latest", "http://127.0.0.1:9", {"--json"});
  expect_json_error(run, 2, "usage", "refusing mutable tag");
}

TEST(JsonError, PinImageBadFlag) {
  auto run = run_measured("pin-image", {"--json", "--no-such-flag"}, {});
  expect_json_error(run, 2, "usage", "--no-such-flag");
}

TEST(JsonError, PinImageWithoutJsonKeepsStdoutEmpty) {
  auto run = run_measured("pin-image", {"--no-such-flag"}, {});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
}

TEST(JsonError, PinImageRuntimeFailureCarriesTheOutputsItKnows) {
  ScriptedServer registry([](const Request&, Conn& c) {
    c.respond(404, {{"Content-Type", "application/json"}}, R"({"errors":[{"code":"MANIFEST_UNKNOWN"}]})");
  });
  SupabaseServer supabase;
  auto run = run_pin_image(image_ref(registry), supabase.server.url(), {"--json"});
  expect_json_error(run, 1, "not-found", "not found");
  auto lines = nonblank_lines(run.out);
  ASSERT_EQ(lines.size(), 1u);
  auto doc = core::json::parse(lines.front(), "stdout");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(core::json::get_bool(*doc, "changed"), false);
  EXPECT_EQ(core::json::get_bool(*doc, "verified"), false);
}

TEST(JsonError, BuildImageUsageError) {
  auto run = run_measured("build-image", {"--json"}, {});
  expect_json_error(run, 2, "usage", "--repository");
}

TEST(JsonError, BuildImageFailureInItsRun) {
  testbed::TempDir dir("flypin-json-error");
  testbed::write_file(dir.file("config.json"), "{not json");
  auto run =
      run_measured("build-image",
                   {"--repository", "127.0.0.1:9/team/app", "--context", dir.path(), "--builder", "buildah", "--json"},
                   {{"DOCKER_CONFIG", dir.path()}});
  expect_json_error(run, 2, "usage", "docker config");
}

TEST(JsonError, SmokeMachineUsageError) {
  auto run = run_measured("smoke-machine", {"--json", "--app", "app"}, {{"FLY_API_TOKEN", "fly_CANARY_hostile"}});
  expect_json_error(run, 2, "usage", "--image");
}

TEST(JsonError, SmokeMachineApiFailure) {
  ScriptedServer fly([](const Request&, Conn& c) {
    c.respond(403, {{"Content-Type", "application/json"}}, R"({"error":"unauthorized"})");
  });
  auto run = run_measured(
      "smoke-machine",
      {"--app", "app", "--image", "127.0.0.1:5000/team/app:" + std::string(kDeploymentTag), "--region", "sin",
       "--cpu-kind", "shared", "--cpus", "1", "--memory-mb", "256", "--json"},
      {{"FLY_API_URL", fly.url()}, {"FLY_LOGS_API_URL", fly.url()}, {"FLY_API_TOKEN", "fly_CANARY_hostile"}});
  expect_json_error(run, 1, "http", "403");
}

}  // namespace
}  // namespace flypin::hostile
