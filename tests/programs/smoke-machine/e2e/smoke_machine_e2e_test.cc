// smoke-machine end to end: the real program against the Fly emulator, which
// pulls real images from a real loopback registry and runs them. One test per
// failure mode; every test also proves no machine was left alive. The suite
// runs once per variant set of the emulator (ctest sets FLYPIN_FLY_VARIANTS
// per entry: docs/fly-fidelity.md).

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <csignal>
#include <ctime>
#include <memory>
#include <thread>

#include "support/launchers/fly_emulator.h"
#include "support/launchers/spawned_program.h"
#include "support/testbed/testbed.h"

namespace flypin::e2e {
namespace {

using namespace std::chrono_literals;

constexpr const char* kToken = "fly-e2e-token-7f3a9c";
constexpr const char* kApp = "smoke-app";
// A separate app for smoke machines (--smoke-app): the only place proxy mode may put one.
constexpr const char* kSmokeApp = "smoke-isolated";

testbed::ImageSpec serving(std::vector<std::string> cmd) {
  testbed::ImageSpec spec;
  spec.files["/www/health"] = "ok";
  spec.cmd = std::move(cmd);
  return spec;
}

const std::string kHttpd = "/bin/busybox httpd -f -p 8080 -h /www";

std::vector<std::string> shell(const std::string& script) { return {"/bin/busybox", "sh", "-c", script}; }

class SmokeMachineE2E : public ::testing::Test {
 public:
  static void SetUpTestSuite() {
    registry_ = std::make_unique<testbed::LocalRegistry>(testbed::AuthMode::kBasic);
    emulator_ = std::make_unique<FlyEmulator>(
        *registry_,
        FlyEmulatorOptions{
            .tokens = {kToken}, .apps = {kApp, kSmokeApp}, .registry = RegistryTransport::kInsecureEverywhere});
  }
  static void TearDownTestSuite() {
    emulator_.reset();
    registry_.reset();
  }

 protected:
  void SetUp() override {
    emulator_->admin("POST", "/_admin/behaviour", "{}");
    dir_ = std::make_unique<testbed::TempDir>("flypin-smoke-e2e");
  }

  void TearDown() override {
    // Whatever happened, smoke-machine must not leave a machine alive.
    EXPECT_TRUE(await_alive(0, 15s)) << "machines alive: " << emulator_->admin("GET", "/_admin/machines").body;
    emulator_->admin("POST", "/_admin/behaviour", "{}");
  }

  static std::string image(const std::string& name, const testbed::ImageSpec& spec) {
    const std::string tag = "deployment-test";
    auto& digest = digests_[name];
    if (digest.empty()) digest = registry_->push_image("flypin-test/" + name, tag, spec);
    return registry_->host() + "/flypin-test/" + name + ":" + tag;
  }
  static std::string healthy() { return image("healthy", serving(shell("exec " + kHttpd))); }
  /// Exits 127 at once: its entrypoint is not in the image (F3).
  static std::string missing_entrypoint() {
    testbed::ImageSpec spec;
    spec.entrypoint = {"/app/server"};
    spec.cmd = {};
    return image("missing-entrypoint", spec);
  }

  std::map<std::string, std::string> env() const {
    return {{"FLY_API_TOKEN", kToken},
            {"FLY_API_URL", emulator_->api_url()},
            {"FLY_LOGS_API_URL", emulator_->api_url()},
            {"PATH", "/usr/bin:/bin"},
            {"HOME", dir_->path()},
            {"GITHUB_RUN_ID", "4242"}};
  }

  std::vector<std::string> args(const std::string& img, std::vector<std::string> extra = {},
                                const std::string& timeout = "60s") const {
    std::vector<std::string> a{"--app",  kApp, "--image",     img,   "--region",  "sin",   "--cpu-kind", "shared",
                               "--cpus", "1",  "--memory-mb", "256", "--timeout", timeout, "--json"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }

  std::unique_ptr<SpawnedProgram> start(const std::vector<std::string>& a,
                                        std::map<std::string, std::string> extra_env = {}) {
    auto e = env();
    e["GITHUB_STEP_SUMMARY"] = dir_->file("summary.md");
    for (auto& [k, v] : extra_env) e[k] = v;
    return std::make_unique<SpawnedProgram>("smoke-machine", a, e, dir_->path());
  }

  struct Finished {
    int exit = -1;
    std::string out, err, summary;
    std::chrono::milliseconds took{0};
  };
  Finished finish(const std::vector<std::string>& a, std::map<std::string, std::string> extra_env = {}) {
    const auto t0 = std::chrono::steady_clock::now();
    auto p = start(a, std::move(extra_env));
    Finished f;
    f.exit = p->wait(180s);
    f.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
    f.out = p->out();
    f.err = p->err();
    f.summary = testbed::read_file(dir_->file("summary.md"));
    return f;
  }

  bool await_alive(int n, std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
      if (emulator_->machines_alive() == n) return true;
      std::this_thread::sleep_for(100ms);
    }
    return emulator_->machines_alive() == n;
  }

  static std::unique_ptr<testbed::LocalRegistry> registry_;
  static std::unique_ptr<FlyEmulator> emulator_;
  static std::map<std::string, std::string> digests_;
  std::unique_ptr<testbed::TempDir> dir_;
};

std::unique_ptr<testbed::LocalRegistry> SmokeMachineE2E::registry_;
std::unique_ptr<FlyEmulator> SmokeMachineE2E::emulator_;
std::map<std::string, std::string> SmokeMachineE2E::digests_;

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

// The app's own line, in its own words, where a user looks: the log (the
// final error line included), the step summary and --json's `logs`.
template <class Run>
void expect_app_line(const Run& r, const std::string& line) {
  EXPECT_TRUE(has(r.err, "the app's last line: ")) << r.err;
  EXPECT_TRUE(has(r.err, "app[")) << r.err;
  EXPECT_TRUE(has(r.err, line)) << r.err;
  EXPECT_TRUE(has(r.summary, "<details><summary>Last ")) << r.summary;
  EXPECT_TRUE(has(r.summary, line)) << r.summary;
  EXPECT_TRUE(has(r.out, R"("logs":[{"timestamp":")")) << r.out;
  EXPECT_TRUE(has(r.out, R"("provider":"app")")) << r.out;
  EXPECT_TRUE(has(r.out, line)) << r.out;
}

TEST_F(SmokeMachineE2E, HealthyImagePassesWithOutputs) {
  auto img = healthy();
  auto r = finish(args(img, {"--expect-digest", digests_["healthy"]}));
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(has(r.out, R"("region":"sin")")) << r.out;
  EXPECT_TRUE(has(r.out, R"("image-digest":")" + digests_["healthy"])) << r.out;
  EXPECT_TRUE(has(r.out, R"("machine-id":")")) << r.out;
  EXPECT_TRUE(has(r.out, R"("healthy-ms":)")) << r.out;
  EXPECT_TRUE(has(r.err, "destroyed (confirmed)")) << r.err;
  EXPECT_FALSE(has(r.err, kToken));
}

TEST_F(SmokeMachineE2E, HealthViaProxyPassesInTheSmokeApp) {
  auto r = finish(
      args(healthy(), {"--health-via", "proxy", "--smoke-app", kSmokeApp, "--proxy-url", emulator_->proxy_url()}));
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(has(r.err, "via proxy: HTTP 200")) << r.err;
  EXPECT_TRUE(has(r.err, "in app smoke-isolated")) << r.err;
}

// Issue 20 item 9: proxy mode gives the machine services, and Fly's proxy balances an app's traffic
// over every started machine with services (FIDELITY P1, P3): in the users' app it is refused, with
// one line naming the risk, before any request. (On main: it ran, in the users' app.)
TEST_F(SmokeMachineE2E, ProxyModeInTheUsersAppIsRefusedNamingTheRisk) {
  const int before = emulator_->requests_seen();
  const std::string proxy = emulator_->proxy_url();  // loopback, whatever the program does
  for (const auto& extra :
       std::vector<std::vector<std::string>>{{"--health-via", "proxy", "--proxy-url", proxy},
                                             {"--health-via", "proxy", "--smoke-app", kApp, "--proxy-url", proxy}}) {
    auto r = finish(args(healthy(), extra));
    EXPECT_EQ(r.exit, 2) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(has(r.err, "send requests of app smoke-app's users to the untested image")) << r.err;
    EXPECT_TRUE(has(r.err, "--smoke-app")) << r.err;
  }
  EXPECT_EQ(emulator_->requests_seen(), before);
}

// With --smoke-app no request of the users can reach the smoke machine: the users' app's traffic
// keeps going to the users' machines while the smoke machine is up and healthy.
TEST_F(SmokeMachineE2E, NoUserRequestReachesTheSmokeMachineInItsOwnApp) {
  testbed::ImageSpec user = serving(shell("exec " + kHttpd));
  user.files["/www/who"] = "user";
  testbed::ImageSpec candidate = serving(shell("exec " + kHttpd));
  candidate.files["/www/who"] = "smoke";
  const std::string user_machine = emulator_->create(R"({"image":")" + image("who-user", user) +
                                                     R"(","services":[{"protocol":"tcp","internal_port":8080}]})");
  ASSERT_TRUE(emulator_->poll(
      user_machine, [](const auto& m) { return m["state"] == "started"; }, 60s));
  auto p = start(args(image("who-smoke", candidate), {"--health-via", "proxy", "--smoke-app", kSmokeApp, "--proxy-url",
                                                      emulator_->proxy_url(), "--stable-for", "3s"}));
  httplib::Client proxy(emulator_->proxy_url());
  int answered = 0, by_smoke = 0;
  while (p->running()) {
    auto r = proxy.Get("/who", {{"Host", std::string(kApp) + ".fly.dev"}});  // a user of the app
    if (r && r->status == 200) {
      ++answered;
      by_smoke += r->body == "smoke";
    }
    std::this_thread::sleep_for(50ms);  // a steady trickle of users' requests, not a condition
  }
  EXPECT_EQ(p->wait(10s), 0) << p->err();
  EXPECT_GT(answered, 10);
  EXPECT_EQ(by_smoke, 0) << "a user's request reached the untested image";
  emulator_->call("DELETE", "/v1/apps/" + std::string(kApp) + "/machines/" + user_machine + "?force=true");
}

// Issue 20 item 13: the runner cancels a step with SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after
// that. With its destroy failing, cleanup outlasts the SIGINT; after the SIGTERM it stops within a
// second, names the machine it leaves and how to remove it (line and outputs), and exits 130.
// (On main: it went on retrying until the SIGKILL, and said nothing.)
TEST_F(SmokeMachineE2E, AfterTheRunnersSecondSignalCleanupStopsAndNamesWhatItLeaves) {
  emulator_->admin_api().fault({.path_prefix = "/v1/apps/" + std::string(kApp) + "/machines/",
                                .method = "DELETE",
                                .status = 503,
                                .count = 1000});
  auto p = start(args(healthy(), {"--stable-for", "60s"}, "120s"), {{"GITHUB_OUTPUT", dir_->file("output")}});
  ASSERT_TRUE(p->await([&] { return has(p->err(), "watching that it stays up"); }, 60s)) << p->err();
  p->signal(SIGINT);
  // The runner's clock, not a condition: 7.5 s after its SIGINT comes its SIGTERM.
  EXPECT_EQ(p->wait(7500ms), -1) << "cleanup outlasts the first signal while the API fails: " << p->err();
  p->signal(SIGTERM);
  const auto sigterm = std::chrono::steady_clock::now();
  const int exit = p->wait(2500ms);  // then SIGKILL
  if (exit == -1) p->signal(SIGKILL);
  EXPECT_EQ(exit, 130) << p->err();
  EXPECT_LT(std::chrono::steady_clock::now() - sigterm, 1500ms);
  EXPECT_TRUE(has(p->err(), "was NOT destroyed")) << p->err();
  EXPECT_TRUE(has(p->err(), "remove it with: fly machine destroy ")) << p->err();
  const std::string outputs = testbed::read_file(dir_->file("output"));
  EXPECT_TRUE(has(outputs, "leftover-machine-id")) << outputs;
  emulator_->admin_api().reset();  // the faults, and the machine left behind
}

TEST_F(SmokeMachineE2E, MissingEntrypointFailsFastWithExitCode) {
  auto r = finish(args(missing_entrypoint()));
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_TRUE(has(r.err, "exited with code")) << r.err;
  EXPECT_LT(r.took, 30s) << "should fail long before the 60s timeout";
  expect_app_line(r, "failed to spawn command: /app/server: No such file or directory");
  EXPECT_FALSE(has(r.err, "may be incomplete")) << r.err;
}

TEST_F(SmokeMachineE2E, RefusedLogsAreOneLineNamingTheVariableAndTheExitIsStillReported) {
  emulator_->admin("POST", "/_admin/behaviour", std::string(R"({"logs_refused_tokens":[")") + kToken + R"("]})");
  auto r = finish(args(missing_entrypoint()));
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_TRUE(has(r.err, "exited with code 127")) << r.err;
  EXPECT_TRUE(has(r.err, "recent events of the machine")) << r.err;
  EXPECT_TRUE(has(r.err, "refused the credential in FLY_API_TOKEN (HTTP 401)")) << r.err;
  EXPECT_TRUE(has(r.out, "refused the credential in FLY_API_TOKEN")) << r.out;
  EXPECT_FALSE(has(r.err + r.out + r.summary, kToken));
}

TEST_F(SmokeMachineE2E, LateLogsAreWaitedForUntilTheExitHasArrived) {
  emulator_->admin("POST", "/_admin/behaviour", R"({"logs_ingestion_delay_ms":2500})");
  auto r = finish(args(missing_entrypoint(), {"--quiet-logs"}));
  EXPECT_EQ(r.exit, 1) << r.err;
  expect_app_line(r, "failed to spawn command: /app/server: No such file or directory");
  EXPECT_TRUE(has(r.err, "machine exited with exit code 127")) << "the runner's exit line arrived: " << r.err;
  EXPECT_FALSE(has(r.err, "may be incomplete")) << r.err;
}

TEST_F(SmokeMachineE2E, OutOfMemoryIsNamedWithTheAppsLastLines) {
  testbed::ImageSpec spec;
  spec.cmd = shell("echo 'loading the whole dataset into memory'; x=a; while true; do x=\"$x$x\"; done");
  auto r = finish(args(image("out-of-memory", spec)));
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_TRUE(has(r.err, "(killed: out of memory)")) << r.err;
  EXPECT_TRUE(has(r.err, "ran out of memory (guest.memory_mb 256)")) << r.err;
  expect_app_line(r, "loading the whole dataset into memory");
}

TEST_F(SmokeMachineE2E, WrongPortSaysProcessUpAndShowsCheckOutput) {
  auto img =
      image("wrong-port", serving(shell("echo 'listening on port 3000'; exec /bin/busybox httpd -f -p 3000 -h /www")));
  auto r = finish(args(img, {}, "10s"));
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_TRUE(has(r.err, "process up, /health failing")) << r.err;
  EXPECT_TRUE(has(r.err, "check health critical")) << r.err;
  expect_app_line(r, "listening on port 3000");
  int seen = 0;
  for (auto at = r.err.find("listening on port 3000"); at != std::string::npos; at = r.err.find("listening on", at + 1))
    ++seen;
  EXPECT_GE(seen, 3) << "shown while waiting for health, among the last lines, in the error: " << r.err;
}

TEST_F(SmokeMachineE2E, NeedsEnvFailsWithoutAndPassesWithSecretEnv) {
  auto img =
      image("needs-env", serving(shell("if [ -z \"$REQUIRED_SECRET\" ]; then echo 'REQUIRED_SECRET is not set' >&2; "
                                       "exit 1; fi; exec " +
                                       kHttpd)));
  auto without = finish(args(img));
  EXPECT_EQ(without.exit, 1) << without.err;
  EXPECT_TRUE(has(without.err, "exited with code 1")) << without.err;
  expect_app_line(without, "REQUIRED_SECRET is not set");
  const std::string secret = "hunter2-e2e-secret";
  auto with = finish(args(img, {"--secret-env", "REQUIRED_SECRET"}), {{"REQUIRED_SECRET", secret}});
  EXPECT_EQ(with.exit, 0) << with.err;
  EXPECT_FALSE(has(with.err + with.out, secret));
}

TEST_F(SmokeMachineE2E, MissingTagSurfacesThePullError) {
  healthy();
  auto r = finish(args(registry_->host() + "/flypin-test/healthy:no-such-tag"));
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_TRUE(has(r.err, "pull")) << r.err;
  EXPECT_LT(r.took, 30s);
}

TEST_F(SmokeMachineE2E, WrongRegionIsDetected) {
  emulator_->admin("POST", "/_admin/behaviour", R"({"force_region":"sjc"})");
  auto r = finish(args(healthy()));
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_TRUE(has(r.err, "region sjc instead of sin")) << r.err;
}

TEST_F(SmokeMachineE2E, WrongSizeIsDetected) {
  emulator_->admin("POST", "/_admin/behaviour", R"({"force_guest":{"cpus":2}})");
  auto r = finish(args(healthy()));
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_TRUE(has(r.err, "2 cpus instead of 1")) << r.err;
}

TEST_F(SmokeMachineE2E, DiesAfterHealthyIsCaughtByRestartCheckAndWatch) {
  auto img = image("dies-after-healthy", serving(shell("/bin/busybox timeout 3 /bin/busybox httpd -f -p 8080 -h /www; "
                                                       "echo 'fatal: lost connection to the database' >&2; exit 1")));
  auto r = finish(args(img, {"--restart-check", "--stable-for", "8s"}));
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_TRUE(has(r.err, "restarting machine")) << r.err;
  EXPECT_TRUE(has(r.err, "exited with code")) << r.err;
  expect_app_line(r, "fatal: lost connection to the database");
}

TEST_F(SmokeMachineE2E, InjectedRateLimitAndServerErrorsAreRetried) {
  auto img = healthy();
  emulator_->admin("POST", "/_admin/faults",
                   R"({"path_prefix":"/v1/apps/smoke-app/machines","method":"POST","status":503,"count":1})");
  emulator_->admin("POST", "/_admin/faults",
                   R"({"path_prefix":"/v1/apps/smoke-app/machines","method":"GET","status":429,"count":2})");
  auto r = finish(args(img));
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(has(r.err, "HTTP 503")) << r.err;
  EXPECT_TRUE(has(r.err, "HTTP 429")) << r.err;
}

TEST_F(SmokeMachineE2E, ReapDestroysOnlyOldSmokeMachines) {
  httplib::Client api("127.0.0.1", std::stoi(emulator_->api_url().substr(emulator_->api_url().rfind(':') + 1)));
  httplib::Headers auth{{"Authorization", std::string("Bearer ") + kToken}};
  const long long now = std::time(nullptr);
  auto create = [&](const std::string& name, const std::string& metadata) {
    auto body = R"({"name":")" + name + R"(","region":"sin","skip_launch":true,"config":{"image":")" + healthy() +
                R"(","guest":{"cpu_kind":"shared","cpus":1,"memory_mb":256},"metadata":)" + metadata + "}}";
    // The emulator rate-limits creates like Fly, and the tests before this one created machines: ask again on 429.
    auto res = api.Post("/v1/apps/smoke-app/machines", auth, body, "application/json");
    for (int attempt = 0; attempt < 10 && res && res->status == 429; ++attempt) {
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      res = api.Post("/v1/apps/smoke-app/machines", auth, body, "application/json");
    }
    ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
  };
  create("smoke-old", R"({"flypin_smoke":"true","flypin_created":")" + std::to_string(now - 3600) + R"("})");
  create("smoke-young", R"({"flypin_smoke":"true","flypin_created":")" + std::to_string(now - 60) + R"("})");
  create("not-smoke", R"({"team":"x"})");
  ASSERT_TRUE(await_alive(3, 10s));
  auto r = finish({"--app", kApp, "--reap", "--older-than", "30m", "--json"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_TRUE(has(r.out, R"("reaped":1)")) << r.out;
  EXPECT_TRUE(await_alive(2, 10s));
  // Leave nothing behind for TearDown's check.
  auto reap_all = finish({"--app", kApp, "--reap", "--older-than", "0s"});
  EXPECT_EQ(reap_all.exit, 0) << reap_all.err;
  // The non-smoke machine was left alone; it is ours to remove by id.
  const auto machines = emulator_->admin("GET", "/_admin/machines").body;
  const auto at = machines.find(R"("name":"not-smoke")");
  ASSERT_NE(at, std::string::npos) << machines;
  const auto id_at = machines.rfind(R"("id":")", at) + 6;
  const auto id = machines.substr(id_at, machines.find('"', id_at) - id_at);
  // The emulator rate-limits deletes like Fly (1/s, burst 3): ask again on 429.
  int status = 0;
  std::string body;
  for (int attempt = 0; attempt < 10; ++attempt) {
    auto del = api.Delete("/v1/apps/smoke-app/machines/" + id + "?force=true", auth);
    status = del ? del->status : 0;
    body = del ? del->body : "no answer";
    if (status != 429) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the server's Retry-After is in whole seconds
  }
  EXPECT_EQ(status, 200) << id << ": " << body;
}

TEST_F(SmokeMachineE2E, MissingTokenAndBadFlagsExit2WithoutARequest) {
  const int before = emulator_->requests_seen();
  auto e = env();
  e.erase("FLY_API_TOKEN");
  auto no_token = std::make_unique<SpawnedProgram>("smoke-machine", args("x/y:z"), e, dir_->path());
  EXPECT_EQ(no_token->wait(10s), 2);
  auto err_lines = no_token->err();
  EXPECT_TRUE(has(err_lines, "FLY_API_TOKEN")) << err_lines;
  EXPECT_EQ(std::count(err_lines.begin(), err_lines.end(), '\n'), 1) << err_lines;
  auto bad = finish({"--app", kApp, "--image", "x/y:z", "--cpus", "many"});
  EXPECT_EQ(bad.exit, 2) << bad.err;
  auto no_region =
      finish({"--app", kApp, "--image", "x/y:z", "--cpu-kind", "shared", "--cpus", "1", "--memory-mb", "256"});
  EXPECT_EQ(no_region.exit, 2) << no_region.err;
  EXPECT_TRUE(has(no_region.err, "--region is required")) << no_region.err;
  EXPECT_EQ(emulator_->requests_seen(), before);
}

// SIGINT and SIGTERM at each phase: the machine is destroyed and the exit is 130/143.
enum class Phase { kCreating, kWaiting, kHealth, kDestroying };

class SmokeMachineSignals : public SmokeMachineE2E, public ::testing::WithParamInterface<std::tuple<Phase, int>> {};

TEST_P(SmokeMachineSignals, CleanUpAndExitWithTheSignalStatus) {
  const auto [phase, sig] = GetParam();
  std::string img = healthy();
  std::string marker;
  switch (phase) {
    case Phase::kCreating:
      emulator_->admin("POST", "/_admin/faults",
                       R"({"path_prefix":"/v1/apps/smoke-app/machines","method":"POST","count":1,"delay_ms":2500})");
      marker = "creating machine";
      break;
    case Phase::kWaiting:
      emulator_->admin("POST", "/_admin/behaviour", R"({"boot_delay_ms":12000})");
      marker = "created machine";
      break;
    case Phase::kHealth:
      img = image("slow-boot", serving(shell("/bin/busybox sleep ${BOOT_DELAY:-3}; exec " + kHttpd)));
      marker = "started in";
      break;
    case Phase::kDestroying:
      emulator_->admin("POST", "/_admin/behaviour", R"({"destroy_delay_ms":3000})");
      marker = "destroying machine";
      break;
  }
  std::vector<std::string> extra;
  if (phase == Phase::kHealth) extra = {"--env", "BOOT_DELAY=60"};
  auto p = start(args(img, extra));
  ASSERT_TRUE(p->await([&] { return has(p->err(), marker); }, 60s)) << p->err();
  p->signal(sig);
  const int exit = p->wait(60s);
  EXPECT_EQ(exit, sig == SIGINT ? 130 : 143) << p->err();
  EXPECT_TRUE(has(p->err(), "interrupted by")) << p->err();
}

INSTANTIATE_TEST_SUITE_P(Phases, SmokeMachineSignals,
                         ::testing::Combine(::testing::Values(Phase::kCreating, Phase::kWaiting, Phase::kHealth,
                                                              Phase::kDestroying),
                                            ::testing::Values(SIGINT, SIGTERM)));

}  // namespace
}  // namespace flypin::e2e
