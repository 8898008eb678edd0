// pin-image against a hostile Supabase Management API (issue #10 items 6, 7
// and 15): a secrets list nested to overflow a parser, an endless or stalled
// list, and a read-back that fails after the secret was changed.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>

#include "core/crypto.h"
#include "core/json.h"
#include "support/hostile/bounded_failure.h"
#include "support/hostile/measured_run.h"
#include "support/hostile/scripted_apis.h"
#include "support/hostile/scripted_server.h"
#include "support/testbed/testbed.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

class HostileSupabase : public ::testing::Test {
 protected:
  HostileSupabase() { serve_image(registry_routes_, image_); }

  // The n-th GET of the secrets list (1-based; 0: every one) goes to `hostile`; the rest,
  // and every POST, to the well-behaved store (whose own GET route this one,
  // registered first, shadows).
  enum class After { kHonest, kSameAgain };
  /// The n-th list (every one: 0) answers `hostile`; the ones after it too with kSameAgain.
  void hostile_list(int n, Handler hostile, After after = After::kHonest) {
    supabase_routes_.on("GET", secrets_path(), [this, n, hostile, after](const Request& r, Conn& c) {
      const int nth = ++gets_;
      if (n == 0 || nth == n || (after == After::kSameAgain && nth > n)) return hostile(r, c);
      store_.list(r, c);
    });
    store_.serve(supabase_routes_);
  }

  MeasuredRun pin(std::vector<std::string> extra = {}) {
    registry_ = std::make_unique<ScriptedServer>(registry_routes_);
    supabase_ = std::make_unique<ScriptedServer>(supabase_routes_);
    return run_pin_image(image_ref(*registry_), supabase_->url(), extra,
                         {{"GITHUB_ACTIONS", "true"},
                          {"GITHUB_OUTPUT", dir_.file("output")},
                          {"GITHUB_STEP_SUMMARY", dir_.file("summary")}});
  }

  size_t posts() const { return supabase_->count("POST", secrets_path()); }

  testbed::TempDir dir_{"flypin-hostile-supabase"};
  ScriptedImage image_;
  Routes registry_routes_, supabase_routes_;
  ScriptedSupabase store_;
  std::atomic<int> gets_{0};
  std::unique_ptr<ScriptedServer> registry_, supabase_;
};

TEST_F(HostileSupabase, NestedSecretsListFailsWithOneLineAndWritesNothing) {
  hostile_list(0, [](const Request&, Conn& c) {
    c.respond(200, {{"Content-Type", "application/json"}}, nested_json(150'000));
  });
  expect_failed_within(pin(), {20s}, {"secrets list", "nested deeper than"});
  EXPECT_EQ(posts(), 0u);
}

TEST_F(HostileSupabase, EndlessSecretsListFailsFastWithTheLimitNamed) {
  hostile_list(0, [](const Request&, Conn& c) {
    c.respond_head(200, {{"Content-Type", "application/json"}, {"Connection", "close"}});
    const std::string chunk = "[" + std::string(64 * 1024, ' ');
    while (c.serving() && c.write(chunk)) {
    }
    c.close();
  });
  expect_failed_within(pin(), {10s, 64 * 1024}, {"Supabase Management API", "larger than the 1 MiB"});
  EXPECT_EQ(posts(), 0u);
}

TEST_F(HostileSupabase, StalledSecretsListIsAbandoned) {
  hostile_list(0, [](const Request&, Conn& c) {
    c.respond_head(200, {{"Content-Type", "application/json"}, {"Content-Length", "100"}});
    while (c.serving() && c.write(" ") && c.pause(1s)) {
    }
    c.close();
  });
  expect_failed_within(pin(), {20s}, {"Supabase Management API", "stalled"});
  EXPECT_EQ(posts(), 0u);
}

// Item 15: the upsert succeeded, the read-back did not. The secret *was*
// changed: the error, the outputs and the summary all say so.
void expect_changed_but_unverified(const MeasuredRun& run, const std::string& output_path,
                                   const std::string& summary_path, const std::string& why) {
  EXPECT_EQ(run.exit_code, 1) << run.err;
  auto lines = nonblank_lines(run.err);
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines.back().find("was changed"), std::string::npos) << lines.back();
  EXPECT_NE(lines.back().find("not verified"), std::string::npos) << lines.back();
  EXPECT_NE(lines.back().find(why), std::string::npos) << lines.back();
  auto outputs = read_github_outputs(output_path);
  EXPECT_EQ(outputs["changed"], "true");
  EXPECT_EQ(outputs["verified"], "false");
  EXPECT_EQ(outputs["secret-name"], "DOCKER_IMAGE");
  const std::string summary = testbed::read_file(summary_path);
  EXPECT_NE(summary.find("changed, not verified"), std::string::npos) << summary;
}

TEST_F(HostileSupabase, ReadBackErrorAfterUpsertSaysTheSecretChanged) {
  hostile_list(2, [](const Request&, Conn& c) {
    c.respond(401, {{"Content-Type", "application/json"}}, R"({"message":"token revoked"})");
  });
  auto run = pin();
  EXPECT_EQ(store_.value("DOCKER_IMAGE"), image_ref(*registry_));
  expect_changed_but_unverified(run, dir_.file("output"), dir_.file("summary"), "HTTP 401");
}

// Another writer's value, from the read-back on (a list that only lags is read again: pin-image's e2e).
TEST_F(HostileSupabase, ReadBackMismatchSaysTheSecretChanged) {
  hostile_list(
      2,
      [](const Request&, Conn& c) {
        c.respond(200, {{"Content-Type", "application/json"}},
                  R"([{"name":"DOCKER_IMAGE","value":")" + core::sha256_hex("someone else") + "\"}]");
      },
      After::kSameAgain);
  auto run = pin({"--json"});
  expect_changed_but_unverified(run, dir_.file("output"), dir_.file("summary"), "does not match");
  auto lines = nonblank_lines(run.out);
  std::string json;
  for (const auto& line : lines) {
    if (line.front() == '{') json = line;
  }
  auto doc = core::json::parse(json, "stdout");
  ASSERT_TRUE(doc.ok()) << run.out;
  EXPECT_EQ(core::json::get_bool(*doc, "changed"), true);
  EXPECT_EQ(core::json::get_bool(*doc, "verified"), false);
  ASSERT_NE(core::json::get_object(*doc, "error"), nullptr);
}

}  // namespace
}  // namespace flypin::hostile
