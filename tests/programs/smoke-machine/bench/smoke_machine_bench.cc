// smoke-machine's own overhead (the shipped program): wall time minus the
// machine's own time to healthy (emulator timestamps: launch -> start events,
// plus the image's 1 s boot delay), against the same flow as a shell script
// with fixed sleeps and a 5 s poll (smoke_by_script.sh, the peer). N runs
// each; medians and the ratio. Targets, with 250 ms checks and with /health
// through the proxy: overhead under 300 ms and under 0.1x the script's.
// Each smoke-machine run also prints where its overhead went. SMOKE_BENCH_TRACE=1
// adds smoke-machine's and the emulator's debug logs (millisecond timestamps).

#include <httplib.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <vector>

#include "support/bench/numbers.h"
#include "support/bench/shipped.h"
#include "support/bench/verdict.h"
#include "support/launchers/fly_emulator.h"
#include "support/launchers/spawned_program.h"
#include "support/testbed/testbed.h"

using namespace std::chrono_literals;
using namespace flypin;

namespace {

using bench::unix_ms;

constexpr const char* kToken = "fly-bench-token-51c2";
constexpr const char* kApp = "bench-app";
// Proxy mode runs only in a separate app for smoke machines (docs/fly-fidelity.md).
constexpr const char* kSmokeApp = "bench-smoke-app";
const int kRuns = bench::rounds(5);
constexpr long long kImageBootMs = 1000;

/// Emulator timestamps (unix ms) of one machine's lifecycle events; -1 when absent.
struct Lifecycle {
  long long launched = -1, started = -1, destroyed = -1;
  /// The machine's own time to healthy: launch -> start, plus the image's boot delay.
  long long own_ms() const { return launched >= 0 && started >= 0 ? started - launched + kImageBootMs : -1; }
};

Lifecycle lifecycle(int api_port, const std::string& app, const std::string& id) {
  Lifecycle l;
  httplib::Client api("127.0.0.1", api_port);
  auto res = api.Get("/v1/apps/" + app + "/machines/" + id + "/events",
                     httplib::Headers{{"Authorization", std::string("Bearer ") + kToken}});
  if (!res || res->status != 200) return l;
  rapidjson::Document doc;
  doc.Parse(res->body.c_str());
  if (!doc.IsArray()) return l;
  auto first = [](long long& slot, long long ts) { slot = slot < 0 ? ts : std::min(slot, ts); };
  for (const auto& e : doc.GetArray()) {
    const std::string type = e["type"].GetString(), status = e["status"].GetString();
    const long long ts = e["timestamp"].GetInt64();
    if (type == "launch" && status == "created") first(l.launched, ts);
    if (type == "start" && status == "started") first(l.started, ts);
    if (type == "destroy" && status == "destroyed") first(l.destroyed, ts);
  }
  return l;
}

long long json_number(const std::string& out, const std::string& key) {
  const std::regex re("\"" + key + "\":\"?(\\d+)");
  std::smatch m;
  return std::regex_search(out, m, re) ? std::stoll(m[1]) : -1;
}

}  // namespace

int main() {
  bench::Verdict verdict("smoke_machine_bench",
                         "smoke-machine (the shipped program) against the Fly emulator: a machine that boots in 1 s, "
                         "its overhead beyond that",
                         "smoke_by_script.sh: the same flow in curl and sleep, 5 s polls");
  const std::string smoke_machine = bench::shipped_program("smoke-machine");
  const bool trace = std::getenv("SMOKE_BENCH_TRACE") != nullptr;
  if (trace) setenv("FLYPIN_DEBUG", "1", 1);  // the emulator inherits it
  testbed::LocalRegistry registry(testbed::AuthMode::kBasic);
  e2e::FlyEmulator emulator(
      registry,
      {.tokens = {kToken}, .apps = {kApp, kSmokeApp}, .registry = e2e::RegistryTransport::kInsecureEverywhere});
  testbed::TempDir dir("flypin-smoke-bench");
  testbed::ImageSpec spec;
  spec.files["/www/health"] = "ok";
  spec.cmd = {"/bin/busybox", "sh", "-c",
              "/bin/busybox sleep ${BOOT_DELAY:-3}; exec /bin/busybox httpd -f -p 8080 -h /www"};
  registry.push_image("flypin-test/slow-boot", "deployment-test", spec);
  const std::string image = registry.host() + "/flypin-test/slow-boot:deployment-test";
  const int api_port = std::stoi(emulator.api_url().substr(emulator.api_url().rfind(':') + 1));
  std::map<std::string, std::string> env{{"FLY_API_TOKEN", kToken},
                                         {"FLY_API_URL", emulator.api_url()},
                                         {"FLY_LOGS_API_URL", emulator.api_url()},
                                         {"PATH", "/usr/bin:/bin"},
                                         {"HOME", dir.path()}};
  if (trace) env["FLYPIN_DEBUG"] = "1";

  std::vector<double> script_overhead, script_wall;
  static const std::regex id_re(R"re("machine-id":"([0-9a-f]+)")re");
  // Returns {median overhead, median wall} of smoke-machine; nullopt when a run failed.
  // `machine_app`: where the smoke machine lives (kSmokeApp with --smoke-app).
  using Medians = std::pair<std::optional<double>, std::optional<double>>;
  auto bench_tool = [&](const std::string& label, std::vector<std::string> extra,
                        const std::string& machine_app = kApp) -> Medians {
    std::vector<double> overhead, walls;
    std::vector<std::string> args{"--app",      kApp,           "--image",   image, "--region",    "sin",
                                  "--cpu-kind", "shared",       "--cpus",    "1",   "--memory-mb", "256",
                                  "--env",      "BOOT_DELAY=1", "--timeout", "60s", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    for (int i = 0; i < kRuns; ++i) {
      const long long t0_unix = unix_ms();
      auto t0 = std::chrono::steady_clock::now();
      e2e::SpawnedProgram p(smoke_machine, args, env, dir.path());
      const int exit = p.wait(120s);
      const long long wall =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
      const long long exit_unix = t0_unix + wall;
      std::smatch m;
      const std::string out = p.out();
      if (exit != 0 || !std::regex_search(out, m, id_re)) {
        std::fprintf(stderr, "smoke-machine failed (%d):\n%s\n", exit, p.err().c_str());
        return {};
      }
      const Lifecycle life = lifecycle(api_port, machine_app, m[1]);
      const long long own = life.own_ms();
      if (own < 0 || life.destroyed < 0) return {};
      walls.push_back(wall);
      overhead.push_back(wall - own);
      // healthy-ms counts from the start of the run proper, just before the create request (not from the spawn).
      const long long seen_healthy = life.launched + json_number(out, "healthy-ms");
      const long long ready = life.started + kImageBootMs;
      std::printf(
          "smoke-machine %s run %d: wall %lld ms, machine own %lld ms, overhead %.0f ms "
          "(to create %lld, app ready -> seen healthy %lld, -> destroyed %lld, -> exit %lld)\n",
          label.c_str(), i + 1, wall, own, overhead.back(), life.launched - t0_unix, seen_healthy - ready,
          life.destroyed - seen_healthy, exit_unix - life.destroyed);
      if (trace && i == 0) std::printf("--- smoke-machine log of run 1:\n%s---\n", p.err().c_str());
    }
    return {bench::median(overhead), bench::median(walls)};
  };
  const auto [tool, tool_wall] = bench_tool("(check interval 1s)", {});
  const auto [fast, fast_wall] = bench_tool("(check interval 250ms)", {"--check-interval", "250ms"});
  // Not the Fly checks: GET /health through the Fly proxy, which the API rate limit does not pace.
  const auto [proxy, proxy_wall] =
      bench_tool("(--health-via proxy)",
                 {"--health-via", "proxy", "--smoke-app", kSmokeApp, "--proxy-url", emulator.proxy_url()}, kSmokeApp);
  const std::string script = std::string(FLYPIN_SOURCE_DIR) + "/tests/programs/smoke-machine/bench/smoke_by_script.sh";
  for (int i = 0; i < kRuns; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    std::string cmd = "FLY_API_TOKEN=" + std::string(kToken) + " " + script + " " + emulator.api_url() + " " + kApp +
                      " " + image + " 2>&1";
    FILE* f = popen(cmd.c_str(), "r");
    std::string out;
    char buf[256];
    while (f && fgets(buf, sizeof buf, f)) out += buf;
    const int rc = f ? pclose(f) : -1;
    const long long wall =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    while (!out.empty() && (out.back() == '\n')) out.pop_back();
    const long long own = rc == 0 ? lifecycle(api_port, kApp, out).own_ms() : -1;
    if (own < 0) {
      std::fprintf(stderr, "script run failed (%d): %s\n", rc, out.c_str());
      break;
    }
    script_wall.push_back(wall);
    script_overhead.push_back(wall - own);
    std::printf("script run %d: wall %lld ms, overhead %.0f ms\n", i + 1, wall, script_overhead.back());
  }
  if (trace) std::printf("--- emulator log:\n%s---\n", emulator.log().c_str());
  const auto scripted = bench::median(script_overhead);
  auto ms = [](std::optional<double> v) { return v.value_or(-1); };
  std::printf(
      "median wall: smoke-machine %.0f ms (1s checks), %.0f ms (250ms checks), %.0f ms (via proxy); script %.0f ms\n",
      ms(tool_wall), ms(fast_wall), ms(proxy_wall), ms(bench::median(script_wall)));
  std::printf("median overhead: smoke-machine %.0f ms (1s checks, for the record), script %.0f ms\n", ms(tool),
              ms(scripted));
  // Overheads of a few hundred ms from medians of 5 runs: the margin covers
  // one poll interval's worth of scheduling on a loaded machine.
  for (const auto& [label, overhead] : {std::pair{"250ms checks", fast}, std::pair{"via proxy", proxy}}) {
    verdict.check({.name = std::string("overhead, ") + label, .limit = 300, .noise = 50, .unit = " ms"}, overhead);
    verdict.check({.name = std::string("overhead / the script's, ") + label, .limit = 0.1, .noise = 0.02, .unit = "x"},
                  bench::ratio(overhead, scripted));
  }
  return verdict.finish();
}
