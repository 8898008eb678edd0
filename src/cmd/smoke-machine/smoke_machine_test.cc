#include "cmd/smoke-machine/smoke_machine.h"

#include <gtest/gtest.h>

#include "cmd/smoke-machine/verify.h"
#include "core/interrupt.h"
#include "core/retry.h"
#include "support/doubles/fake_clock.h"
#include "support/doubles/fake_fly_api.h"

namespace flypin::cmd::smoke_machine {
namespace {

using namespace std::chrono_literals;
using doubles::FakeFlyApi;

using EnvMap = std::map<std::string, std::string>;
core::Environment env_with_token() { return core::Environment(EnvMap{{"FLY_API_TOKEN", "tok-123456"}}); }

Options good_options() {
  Options o;
  o.app = "app1";
  o.image = "127.0.0.1:5000/app:t";
  o.region = "sin";
  o.cpu_kind = "shared";
  o.cpus = "1";
  o.memory_mb = "256";
  o.timeout = "20s";
  return o;
}

TEST(Validate, RegionAndSizeAreRequired) {
  for (auto clear : {+[](Options& o) { o.region.clear(); }, +[](Options& o) { o.cpu_kind.clear(); },
                     +[](Options& o) { o.cpus.clear(); }, +[](Options& o) { o.memory_mb.clear(); },
                     +[](Options& o) { o.image.clear(); }, +[](Options& o) { o.app.clear(); }}) {
    auto o = good_options();
    clear(o);
    auto plan = validate(o, env_with_token());
    ASSERT_FALSE(plan.ok());
    EXPECT_EQ(plan.error().kind, core::ErrorKind::kUsage);
  }
}

// Ranges and choices live in validate(), and a bad value is said in the user's
// words (the parser took every flag as a string), in every mode.
TEST(Validate, NumbersAndChoicesAreOneUsageLineInTheUsersWords) {
  struct Bad {
    void (*change)(Options&);
    const char* message;
  };
  for (const auto& bad : {
           Bad{+[](Options& o) { o.cpus = "many"; }, "--cpus must be a whole number from 1 to 64, got 'many'"},
           Bad{+[](Options& o) { o.cpus = "65"; }, "--cpus must be a whole number from 1 to 64, got '65'"},
           Bad{+[](Options& o) { o.memory_mb = "64"; }, "--memory-mb must be a whole number from 128 to 262144"},
           Bad{+[](Options& o) { o.port = "0"; }, "--port must be a whole number from 1 to 65535, got '0'"},
           Bad{+[](Options& o) { o.log_lines = "abc"; }, "--log-lines must be a whole number from 0 to 1000"},
           Bad{+[](Options& o) { o.cpu_kind = "fast"; }, "--cpu-kind must be shared or performance, got 'fast'"},
           Bad{+[](Options& o) { o.health_via = "dns"; }, "--health-via must be checks or proxy, got 'dns'"},
           Bad{+[](Options& o) {
                 o.reap = true;
                 o.cpus = "0";
               },
               "--cpus must be a whole number"},
       }) {
    auto o = good_options();
    bad.change(o);
    auto plan = validate(o, env_with_token());
    ASSERT_FALSE(plan.ok()) << bad.message;
    EXPECT_EQ(plan.error().kind, core::ErrorKind::kUsage);
    EXPECT_NE(plan.error().message.find(bad.message), std::string::npos) << plan.error().message;
    EXPECT_EQ(plan.error().message.find('\n'), std::string::npos);
  }
}

TEST(Validate, NumbersAreParsedOnce) {
  auto o = good_options();
  o.port = "9090";
  o.log_lines = "0";
  auto plan = validate(o, env_with_token());
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->guest.cpus, 1);
  EXPECT_EQ(plan->guest.memory_mb, 256);
  EXPECT_EQ(plan->port, 9090);
  EXPECT_EQ(plan->log_lines, 0u);
}

TEST(Validate, MissingTokenIsAUsageError) {
  auto plan = validate(good_options(), core::Environment());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().kind, core::ErrorKind::kUsage);
  EXPECT_NE(plan.error().message.find("FLY_API_TOKEN"), std::string::npos);
}

TEST(Validate, AccessTokenEnvSecretEnvAndDigestFromReference) {
  auto o = good_options();
  o.image = "127.0.0.1:5000/app@sha256:" + std::string(64, 'a');
  o.env = {"A=1=2"};
  o.secret_env = {"MY_SECRET"};
  auto plan = validate(o, core::Environment(EnvMap{{"FLY_ACCESS_TOKEN", "tok-9999"}, {"MY_SECRET", "s3cr3t!"}}));
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->fly.credential, "FLY_ACCESS_TOKEN");
  EXPECT_EQ(plan->env.at("A"), "1=2");
  EXPECT_EQ(plan->env.at("MY_SECRET"), "s3cr3t!");
  EXPECT_EQ(plan->image.repository(), "127.0.0.1:5000/app");  // parsed once, in validate()
  EXPECT_EQ(plan->expect_digest, "sha256:" + std::string(64, 'a'));
  EXPECT_EQ(plan->proxy_url, "https://app1.fly.dev");
  EXPECT_EQ(plan->timeout, 20s);
}

TEST(Validate, UnsetSecretEnvAndBadDurationsAreUsageErrors) {
  auto o = good_options();
  o.secret_env = {"NOT_THERE"};
  EXPECT_EQ(validate(o, env_with_token()).error().kind, core::ErrorKind::kUsage);
  o = good_options();
  o.timeout = "five minutes";
  EXPECT_EQ(validate(o, env_with_token()).error().kind, core::ErrorKind::kUsage);
  o = good_options();
  o.env = {"no-equals"};
  EXPECT_EQ(validate(o, env_with_token()).error().kind, core::ErrorKind::kUsage);
}

TEST(Validate, FlagsThatMeanNothingInThisModeAreUsageErrors) {
  auto refused = [](Options o) {
    auto plan = validate(o, env_with_token());
    EXPECT_FALSE(plan.ok());
    return plan.ok() ? std::string() : plan.error().message;
  };
  auto o = good_options();
  o.proxy_url = "http://127.0.0.1:1";
  EXPECT_EQ(refused(o),
            "--proxy-url goes with --health-via proxy (with checks, Fly's own check probes the machine and no proxy "
            "is used)");
  o.health_via = "proxy";
  o.smoke_app = "smoke-isolated";  // proxy mode only in a separate app (issue 20 item 9)
  EXPECT_TRUE(validate(o, env_with_token()).ok());
  o = good_options();
  o.this_run = true;
  EXPECT_EQ(refused(o), "--this-run goes with --reap (a smoke destroys its own machine)");
  o = good_options();
  o.older_than = "30m";
  EXPECT_EQ(refused(o), "--older-than goes with --reap (a smoke destroys its own machine)");
  o.reap = true;
  o.this_run = true;
  EXPECT_TRUE(validate(o, env_with_token()).ok());
}

struct RunTest : ::testing::Test {
  FakeFlyApi api;
  doubles::FakeClock clock;
  Plan plan = *validate(good_options(), env_with_token());
  core::RetryingHttpClient http{api, clock};
  core::Environment env;
  gha::ActionsIO io{env};
  Deps deps{http, clock, io};

  void SetUp() override { core::reset_interrupt(); }
};

TEST_F(RunTest, HealthyMachineIsReportedThenDestroyedAndConfirmed) {
  auto result = run(plan, deps);
  ASSERT_TRUE(result.ok()) << result.error->describe();
  EXPECT_EQ(result.outcome.machine_id, "148ed123456789");
  EXPECT_EQ(result.outcome.region, "sin");
  EXPECT_EQ(result.outcome.image_digest, "sha256:aaaa");
  EXPECT_TRUE(result.outcome.destroyed);
  EXPECT_FALSE(result.outcome.leftover.has_value());
  EXPECT_EQ(api.count("DELETE", "force=true"), 1);
  EXPECT_EQ(api.state, "destroyed");
  EXPECT_NE(api.created_body.find(R"("flypin_smoke":"true")"), std::string::npos);
  EXPECT_NE(api.created_body.find(R"("flypin_run":"local/1")"), std::string::npos);
}

TEST_F(RunTest, CrashIsReportedWithExitCodeAndStillDestroyed) {
  api.state_after_start = "stopped";
  api.events_json = R"([{"type":"exit","status":"stopped","request":{"exit_event":{"exit_code":127}}}])";
  auto result = run(plan, deps);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error->message.find("exited with code 127"), std::string::npos) << result.error->message;
  EXPECT_LT(clock.slept(), 5s);  // fails fast, not at the timeout
  EXPECT_EQ(api.state, "destroyed");
}

// The machine died at 2026-04-16T14:00:01Z; its logs hold the app's last words and the runner's line.
constexpr const char* kExitEvents =
    R"([{"type":"exit","status":"stopped","timestamp":1776348001000,"request":{"exit_event":{"exit_code":2}}}])";
std::string logs_page(const std::string& runner_stamp) {
  return R"({"data":[{"id":"1","type":"logs","attributes":{"timestamp":"2026-04-16T14:00:00.5Z",)"
         R"("message":"sh: can't open '/app/start.sh'","level":"info","instance":"148ed123456789","region":"sin",)"
         R"("meta":{"event":{"provider":"app"}}}},)"
         R"({"id":"2","type":"logs","attributes":{"timestamp":")" +
         runner_stamp +
         R"(","message":"machine exited with exit code 2","level":"info","instance":"148ed123456789",)"
         R"("region":"sin","meta":{"event":{"provider":"runner"}}}}],"meta":{"next_token":"1776348001"}})";
}

TEST_F(RunTest, AFailureCarriesTheAppsLastLineAndItsLogs) {
  api.state_after_start = "stopped";
  api.events_json = kExitEvents;
  api.logs_json = logs_page("2026-04-16T14:00:01.2Z");
  auto result = run(plan, deps);
  ASSERT_FALSE(result.ok());
  const auto message = result.error->message;
  EXPECT_NE(message.find("exited with code 2"), std::string::npos) << message;
  EXPECT_NE(message.find("the app's last line: sh: can't open '/app/start.sh'"), std::string::npos) << message;
  ASSERT_TRUE(result.outcome.logs.has_value());
  EXPECT_EQ(result.outcome.logs->completeness, fly::Completeness::kComplete) << result.outcome.logs->note;
  ASSERT_EQ(result.outcome.logs->lines.size(), 2u);
  EXPECT_EQ(result.outcome.logs->lines[1].provider, "runner");
  EXPECT_LT(clock.slept(), 5s);
  EXPECT_EQ(api.state, "destroyed");
}

TEST_F(RunTest, LogsThatNeverCatchUpAreWaitedForOnlyLogsWaitAndSaidIncomplete) {
  api.state_after_start = "stopped";
  api.events_json = kExitEvents;
  api.logs_json = logs_page("2026-04-16T14:00:00.9Z");  // the line from the exit on never arrives
  plan.logs_wait = 3s;
  auto result = run(plan, deps);
  ASSERT_TRUE(result.outcome.logs.has_value());
  EXPECT_EQ(result.outcome.logs->completeness, fly::Completeness::kMaybeIncomplete);
  EXPECT_NE(result.outcome.logs->note.find("may be incomplete"), std::string::npos) << result.outcome.logs->note;
  EXPECT_NE(result.error->message.find("the app's last line: sh: can't open"), std::string::npos);
  EXPECT_LT(clock.slept(), 3s + 2s);
  EXPECT_EQ(api.state, "destroyed");
}

TEST_F(RunTest, RefusedLogsStillReportTheExitAndNameTheVariable) {
  api.state_after_start = "stopped";
  api.events_json = kExitEvents;
  for (int i = 0; i < 5; ++i) api.queue("/logs?", 401, R"({"error":"unauthorized"})");
  auto result = run(plan, deps);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error->message.find("exited with code 2"), std::string::npos);
  ASSERT_TRUE(result.outcome.logs.has_value());
  EXPECT_NE(result.outcome.logs->note.find("refused the credential in FLY_API_TOKEN"), std::string::npos)
      << result.outcome.logs->note;
  EXPECT_EQ(result.outcome.logs->note.find("tok-123456"), std::string::npos);
  EXPECT_EQ(api.count("GET", "/logs?"), 1) << "no read after a refusal";
}

TEST_F(RunTest, NoLogLinesReadsNoLogs) {
  api.state_after_start = "stopped";
  api.events_json = kExitEvents;
  plan.log_lines = 0;
  auto result = run(plan, deps);
  EXPECT_FALSE(result.outcome.logs.has_value());
  EXPECT_EQ(api.count("GET", "/logs?"), 0);
}

TEST_F(RunTest, FailingCheckSaysProcessUpAndShowsOutput) {
  api.check_status = "critical";
  api.check_output = "connect: connection refused";
  auto result = run(plan, deps);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error->message.find("process up, /health failing"), std::string::npos) << result.error->message;
  EXPECT_NE(result.error->message.find("connection refused"), std::string::npos);
  EXPECT_EQ(api.state, "destroyed");
}

TEST_F(RunTest, ReadsOfTheMachineStayWithinFivePerSecondWhateverTheCheckInterval) {
  for (const auto interval : {100ms, 1000ms}) {
    api = FakeFlyApi();
    api.check_status = "critical";
    plan.check_interval = interval;
    const auto begun = clock.now();
    ASSERT_FALSE(run(plan, deps).ok());
    const auto seconds = std::chrono::duration<double>(clock.now() - begun).count();
    const int reads =
        api.count("GET", "/machines/148ed123456789") - api.count("GET", "/wait") - api.count("GET", "/events");
    EXPECT_GE(seconds, 20.0) << interval.count();
    // + the read-back after the start and the confirmation after the destroy, which the burst of 10 absorbs.
    EXPECT_LE(reads, static_cast<int>(seconds * 5) + 3)
        << interval.count() << ": " << reads << " reads in " << seconds << " s";
    EXPECT_GE(reads, static_cast<int>(seconds * 3)) << interval.count() << ": health must still be read often";
  }
}

TEST_F(RunTest, WrongRegionAndSizeAreDetected) {
  api.region_override = "sjc";
  api.cpus_override = 2;
  auto result = run(plan, deps);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error->message.find("region sjc instead of sin"), std::string::npos) << result.error->message;
  EXPECT_NE(result.error->message.find("2 cpus instead of 1"), std::string::npos);
  EXPECT_EQ(api.state, "destroyed");
}

TEST_F(RunTest, KeepOnFailureLeavesTheMachine) {
  plan.on_failure = OnFailure::kKeep;
  api.region_override = "sjc";
  auto result = run(plan, deps);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(api.count("DELETE", ""), 0);
  ASSERT_TRUE(result.outcome.leftover.has_value());
  EXPECT_NE(result.error->message.find("fly machine destroy 148ed123456789 --app app1 --force"), std::string::npos)
      << result.error->message;
}

TEST_F(RunTest, DestroyKeepsTryingThroughAnOutageWithinTheCleanupDeadline) {
  for (int i = 0; i < 12; ++i) api.queue("DELETE", 503, R"({"error":"service unavailable"})");
  auto result = run(plan, deps);
  ASSERT_TRUE(result.ok()) << result.error->describe();
  EXPECT_TRUE(result.outcome.destroyed);
  EXPECT_EQ(api.count("DELETE", "force=true"), 13) << "a generic retry gives up after 5";
  EXPECT_EQ(api.state, "destroyed");
}

TEST_F(RunTest, AMachineThatCannotBeDestroyedIsNamedWithItsCommandAndNeverClaimedDestroyed) {
  plan.cleanup_timeout = 30s;
  for (int i = 0; i < 1000; ++i) api.queue("DELETE", 503, R"({"error":"service unavailable"})");
  const auto before = clock.now();
  auto result = run(plan, deps);
  ASSERT_FALSE(result.ok());
  EXPECT_FALSE(result.outcome.destroyed);
  ASSERT_TRUE(result.outcome.leftover.has_value());
  EXPECT_EQ(result.outcome.leftover->id, "148ed123456789");
  const auto message = result.error->describe();
  EXPECT_TRUE(message.ends_with("remove it with: fly machine destroy 148ed123456789 --app app1 --force")) << message;
  EXPECT_LE(clock.now() - before, 30s + 1s) << "the cleanup deadline bounds it";
}

TEST_F(RunTest, AnAPIThatCannotBeReachedBeforeAnyMachineEndsInSecondsAndLooksForNothing) {
  api.unreachable = true;
  auto result = run(plan, deps);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error->message.find("no machine was created"), std::string::npos) << result.error->describe();
  EXPECT_LT(clock.slept(), 10s) << "the client's few retries, not the --timeout";
  EXPECT_EQ(api.count("GET", "/machines?"), 0) << "no search for a machine that cannot exist";
  EXPECT_FALSE(result.outcome.leftover.has_value());
}

TEST_F(RunTest, AnAPIThatGoesAwayAfterTheCreateIsBoundedByTheCleanupDeadline) {
  plan.timeout = 5min;
  plan.cleanup_timeout = 30s;
  api.state_after_start = "starting";  // never starts: the smoke would watch until --timeout
  api.unreachable_after = 3;           // the create, then nothing answers
  const auto before = clock.now();
  auto result = run(plan, deps);
  ASSERT_FALSE(result.ok());
  ASSERT_TRUE(result.outcome.leftover.has_value());
  EXPECT_EQ(result.outcome.leftover->id, "148ed123456789");
  // The 2 s of the first wait call before the API went away, 10 s of refused
  // connections (and the wait's last pause, 8 s at most), the logs given up at
  // once, then the cleanup deadline: not the 5 minute --timeout.
  EXPECT_LE(clock.now() - before, 2s + 10s + 8s + 1s + 30s);
}

TEST_F(RunTest, RateLimitsWhileWatchingHealthAreWaitedOutNotAFailure) {
  // Twelve reads of the machine are throttled; then its check passes.
  struct Throttled : core::HttpClient {
    FakeFlyApi& api;
    int throttled = 0;
    explicit Throttled(FakeFlyApi& a) : api(a) {}
    core::Result<core::HttpResponse> send(const core::HttpRequest& r) override {
      if (r.method == "GET" && r.url.ends_with("/machines/148ed123456789") && throttled < 12) {
        if (++throttled == 12) api.check_status = "passing";
        return core::HttpResponse{429, {{"Retry-After", "1"}}, R"({"error":"rate limit exceeded"})"};
      }
      return api.send(r);
    }
  } throttled(api);
  api.check_status = "critical";
  core::RetryingHttpClient retrying(throttled, clock);
  Deps d{retrying, clock, io};
  auto result = run(plan, d);
  ASSERT_TRUE(result.ok()) << result.error->describe();
  EXPECT_EQ(throttled.throttled, 12);
  EXPECT_TRUE(result.outcome.destroyed);
}

TEST_F(RunTest, ReapDestroysOnlyOldSmokeMachines) {
  api.state = "started";  // created_at 2026-01-01 lies after the fake clock's now (2023): young
  plan.mode = Mode::kReap;
  plan.older_than = 30min;
  auto result = run(plan, deps);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result.outcome.reaped.empty());
  clock.sleep_for(std::chrono::hours(24 * 365 * 4));
  result = run(plan, deps);
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(result.outcome.reaped.size(), 1u);
  EXPECT_EQ(api.count("DELETE", "148ed123456789?force=true"), 1);
}

TEST(Verify, DigestMismatchIsReported) {
  Plan plan = *validate(good_options(), env_with_token());
  plan.expect_digest = "sha256:bbbb";
  fly::Machine m;
  m.id = "m1";
  m.region = "sin";
  m.config.guest = {"shared", 1, 256};
  m.image_ref.digest = "sha256:aaaa";
  auto st = verify_placement(plan, m);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("image digest sha256:aaaa instead of sha256:bbbb"), std::string::npos);
  plan.expect_digest.clear();
  EXPECT_TRUE(verify_placement(plan, m).ok());
}

}  // namespace
}  // namespace flypin::cmd::smoke_machine
