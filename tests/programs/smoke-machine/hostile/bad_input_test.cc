// Items 12 and 13 of issue 10: input that must never reach the network. Each
// bad flag value is refused before the first request (exit 2, one line), and
// nothing a user or an API hands us becomes a workflow command in the log.
// The fake Fly API here would happily create machines: it counts requests.

#include <ctime>
#include <filesystem>

#include "programs/smoke-machine/hostile/hostile_fly_test.h"
#include "support/launchers/program_run.h"

namespace flypin::hostile {
namespace {

using namespace std::chrono_literals;

std::string machine_json(const std::string& id, long long created_unix) {
  return R"({"id":")" + id +
         R"(","name":"smoke-x","state":"started","region":"sin","instance_id":"01H",)"
         R"("created_at":"2026-01-01T00:00:00Z","config":{"image":"img","guest":{"cpu_kind":"shared","cpus":1,)"
         R"("memory_mb":256},"metadata":{"flypin_smoke":"true","flypin_run":"4242/1","flypin_created":")" +
         std::to_string(created_unix) + R"("}}})";
}

/// A Fly API that answers every call as if all went well.
ScriptedServer willing_api() {
  return ScriptedServer([](const Request& r, Conn& c) {
    const std::string json = "application/json";
    if (r.method == "GET" && r.path.ends_with("/machines")) {
      c.respond(200, {{"Content-Type", json}}, "[" + machine_json("148ed193b95c89", std::time(nullptr) - 2) + "]");
    } else if (r.method == "POST" && r.path.ends_with("/machines")) {
      c.respond(200, {{"Content-Type", json}}, machine_json("148ed193b95c89", std::time(nullptr)));
    } else if (r.method == "GET" && !has(r.path, "/wait")) {
      c.respond(404, {{"Content-Type", json}}, R"({"error":"machine not found"})");  // as after a destroy
    } else {
      c.respond(200, {{"Content-Type", json}}, R"({"ok":true})");
    }
  });
}

struct BadInput {
  std::string name;
  std::vector<std::string> args;  // replaces or adds to a good smoke run's flags
  friend void PrintTo(const BadInput& b, std::ostream* os) { *os << b.name; }
};

/// A workflow command someone slipped into our output. The runner reads a
/// line as "::name ...::data" first and only otherwise looks for "##[" in it,
/// so our own annotations (escaped data) are not forged, whatever they quote.
bool forged(const std::string& line) {
  const auto text = line.substr(std::min(line.size(), line.find_first_not_of(" \t")));
  if (text.rfind("::", 0) == 0) {
    if (const auto end = text.find("::", 2); end != std::string::npos) return text.compare(end + 2, 6, "forged") == 0;
  }
  return has(line, "##[error]forged");
}

std::vector<std::string> good_args() {
  return {"--app",    kApp,  "--image",     "127.0.0.1:5000/app:deployment-test",
          "--region", "sin", "--cpu-kind",  "shared",
          "--cpus",   "1",   "--memory-mb", "256"};
}

std::vector<std::string> with(std::vector<std::string> args, const std::vector<std::string>& changes) {
  for (size_t i = 0; i + 1 < changes.size(); i += 2) {
    auto it = std::find(args.begin(), args.end(), changes[i]);
    if (it != args.end() && changes[i].rfind("--", 0) == 0 && it + 1 != args.end()) {
      *(it + 1) = changes[i + 1];
    } else {
      args.insert(args.end(), {changes[i], changes[i + 1]});
    }
  }
  return args;
}

std::string repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

const std::string kForged = "\n::error::forged";
const std::string kHex64 = repeat("0123456789abcdef", 4);

std::vector<BadInput> bad_inputs() {
  return {
      {"ImageWithNewline", {"--image", "127.0.0.1:5000/app:t" + kForged}},
      {"ImageNotAReference", {"--image", "not a reference"}},
      {"ImageUppercaseRepository", {"--image", "127.0.0.1:5000/App:t"}},
      {"ImageEmptyTag", {"--image", "127.0.0.1:5000/app:"}},
      {"ImageShortDigest", {"--image", "127.0.0.1:5000/app@sha256:abc"}},
      {"ImageBareShortDigest", {"--image", "sha256:abcd"}},
      {"ImageSha384Digest", {"--image", "127.0.0.1:5000/app@sha384:" + repeat("0123456789abcdef", 6)}},
      {"ImageBareSha384Digest", {"--image", "sha384:" + repeat("0123456789abcdef", 6)}},
      {"ProxyUrlWithoutProxyMode", {"--proxy-url", "http://127.0.0.1:1"}},
      {"ThisRunWithoutReap", {"--this-run", "--quiet-logs"}},
      {"OlderThanWithoutReap", {"--older-than", "30m"}},
      {"RegionWithNewline", {"--region", "sin" + kForged}},
      {"RegionUppercase", {"--region", "SIN"}},
      {"RegionName", {"--region", "singapore"}},
      {"RegionDigit", {"--region", "s1n"}},
      {"AppWithSpace", {"--app", "smoke app"}},
      {"AppWithNewline", {"--app", "smoke-app" + kForged}},
      {"AppLeadingDash", {"--app", "-smoke"}},
      {"AppUppercase", {"--app", "Smoke-App"}},
      {"AppPath", {"--app", "../admin"}},
      {"AppTooLong", {"--app", std::string(64, 'a')}},
      {"ProxyUrlFile", {"--health-via", "proxy", "--proxy-url", "file:///etc/passwd"}},
      {"ProxyUrlFtp", {"--health-via", "proxy", "--proxy-url", "ftp://127.0.0.1/"}},
      {"ProxyUrlUserinfo", {"--health-via", "proxy", "--proxy-url", "http://user:pw@127.0.0.1:1"}},
      {"ProxyUrlNewline", {"--health-via", "proxy", "--proxy-url", "http://127.0.0.1:1" + kForged}},
      {"ProxyUrlNoScheme", {"--health-via", "proxy", "--proxy-url", "127.0.0.1:8080"}},
      {"ProxyUrlNoHost", {"--health-via", "proxy", "--proxy-url", "http://"}},
      {"ProxyUrlQuery", {"--health-via", "proxy", "--proxy-url", "http://127.0.0.1:1/?x=1"}},
      {"ExpectDigestNotHex", {"--expect-digest", "sha256:" + repeat("xy", 32)}},
      {"ExpectDigestShort", {"--expect-digest", "sha256:" + kHex64.substr(1)}},
      {"ExpectDigestUppercase", {"--expect-digest", "sha256:" + repeat("ABCDEF0123456789", 4)}},
      {"ExpectDigestOtherAlgorithm", {"--expect-digest", "md5:0123456789abcdef0123456789abcdef"}},
      {"ExpectDigestNewline", {"--expect-digest", "sha256:" + kHex64 + kForged}},
      {"HealthPathNewline", {"--health-path", "/health" + kForged}},
      {"HealthPathSpace", {"--health-path", "/he alth"}},
      {"SecretEnvBadName", {"--secret-env", "NOT-A-NAME"}},
      {"TimeoutZero", {"--timeout", "0"}},
      {"TimeoutZeroSeconds", {"--timeout", "0s"}},
      {"TimeoutOverADay", {"--timeout", "25h"}},
      {"TimeoutOverflowing", {"--timeout", repeat("999999999h", 2600)}},
      {"CheckIntervalZero", {"--check-interval", "0s"}},
      {"CheckIntervalHours", {"--check-interval", "2h"}},
      {"StableForTwoDays", {"--stable-for", "48h"}},
      {"CleanupTimeoutZero", {"--cleanup-timeout", "0s"}},
      {"CleanupTimeoutHours", {"--cleanup-timeout", "3h"}},
      {"ReapOlderThanOverflowing", {"--reap", "true", "--older-than", repeat("999999999h", 2600)}},
      {"ReapOlderThanMillennia", {"--reap", "true", "--older-than", "999999999h"}},
      {"ReapScopeWithNewline", {"--reap", "true", "--older-than", "0s", "--scope", "abc" + kForged}},
  };
}

class BadInputTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(BadInputTest, IsRefusedBeforeAnyRequestWithOneLineAndExit2) {
  auto api = willing_api();
  const auto& bad = GetParam();
  std::vector<std::string> args;
  if (bad.args.size() > 1 && bad.args[0] == "--reap") {
    args = {"--app", kApp, "--reap"};
    args.insert(args.end(), bad.args.begin() + 2, bad.args.end());
  } else {
    args = with(good_args(), bad.args);
  }
  auto r = e2e::run_program("smoke-machine", args,
                            {{"FLY_API_TOKEN", kToken},
                             {"FLY_API_URL", api.url()},
                             {"FLY_LOGS_API_URL", api.url()},
                             {"GITHUB_ACTIONS", "true"}});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(api.request_count(), 0u) << "a request reached the API:\n" << r.err;
  EXPECT_EQ(e2e::lines(r.err).size(), 1u) << r.err;
  for (const auto& command : workflow_commands(r.out + r.err)) {
    EXPECT_FALSE(forged(command)) << "forged workflow command: " << command;
  }
}

INSTANTIATE_TEST_SUITE_P(Inputs, BadInputTest, ::testing::ValuesIn(bad_inputs()),
                         [](const auto& info) { return info.param.name; });

// What the API says is echoed too: a newline in a machine id or an error must
// not start a line of its own in the log.
TEST(ForgedByTheApi, ANewlineInAMachineIdOrAnErrorNeverBecomesAWorkflowCommand) {
  for (const std::string& answer :
       {std::string(R"({"id":"148ed193b95c89\n::error::forged","name":"smoke-x","state":"created"})"),
        std::string(R"({"error":"invalid config\n::error::forged\r::warning::forged too ##[error]forged"})")}) {
    const bool is_error = answer.find("\"error\"") != std::string::npos;
    ScriptedServer api([&](const Request& r, Conn& c) {
      if (r.method == "POST" && r.path.ends_with("/machines")) {
        c.respond(is_error ? 422 : 200, {{"Content-Type", "application/json"}}, answer);
      } else if (r.method == "GET" && r.path.ends_with("/machines")) {
        c.respond(200, {{"Content-Type", "application/json"}}, "[]");
      } else {
        c.respond(404, {{"Content-Type", "application/json"}}, R"({"error":"machine not found"})");
      }
    });
    auto r = e2e::run_program("smoke-machine", good_args(),
                              {{"FLY_API_TOKEN", kToken},
                               {"FLY_API_URL", api.url()},
                               {"FLY_LOGS_API_URL", api.url()},
                               {"GITHUB_ACTIONS", "true"}});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    for (const auto& command : workflow_commands(r.out + r.err)) {
      EXPECT_FALSE(forged(command)) << "forged workflow command: " << command << "\nin:\n" << r.err;
    }
  }
}

// build-image echoes its builder's output: a build step that prints workflow
// commands (its own, or a downloaded script's) must not issue them.
TEST_F(HostileFlyTest, BuilderOutputNeverBecomesAWorkflowCommand) {
  const auto context = dir_->file("ctx");
  std::filesystem::create_directories(context);
  std::filesystem::copy_file("/bin/busybox", context + "/busybox");
  testbed::write_file(context + "/Dockerfile",
                      "FROM scratch\n"
                      "COPY busybox /bin/busybox\n"
                      "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"printf 'progress\\\\r::error::forged\\\\n"
                      "##[error]forged\\\\n'\"]\n");
  auto r = e2e::run_program(
      "build-image",
      {"--builder", "buildah", "--repository", registry().host() + "/flypin-hostile/echo", "--context", context},
      {{"REGISTRY_USERNAME", registry().username()},
       {"REGISTRY_PASSWORD", registry().password()},
       {"FLYPIN_BUILDAH_ROOT", dir_->file("buildah")},
       {"TMPDIR", dir_->path()},
       // buildah's RUN sets up its network with iptables, which lives in sbin.
       {"PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"},
       {"GITHUB_ACTIONS", "true"}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out + r.err, "forged")) << "the build step did not run:\n" << r.out << r.err;
  for (const auto& command : workflow_commands(r.out + r.err)) {
    EXPECT_FALSE(forged(command)) << "forged workflow command: " << command;
  }
}

// Item 13: an --older-than long enough to wrap around used to reap a machine
// two seconds old. Here the old flag values a user may rely on still work.
TEST(ReapDurations, TheUsualThresholdsStillWork) {
  for (const char* older_than : {"0s", "30m", "1h", "168h"}) {
    auto api = willing_api();
    auto r = e2e::run_program("smoke-machine", {"--app", kApp, "--reap", "--older-than", older_than},
                              {{"FLY_API_TOKEN", kToken}, {"FLY_API_URL", api.url()}, {"FLY_LOGS_API_URL", api.url()}});
    EXPECT_EQ(r.exit_code, 0) << older_than << ": " << r.err;
    // Only 0s is old enough for the two-second-old machine.
    EXPECT_EQ(api.count("DELETE", "/v1/apps/"), std::string(older_than) == "0s" ? 1u : 0u)
        << older_than << ": " << r.err;
  }
}

}  // namespace
}  // namespace flypin::hostile
