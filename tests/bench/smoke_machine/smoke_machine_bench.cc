// smoke-machine's own overhead: wall time minus the machine's own time to
// healthy (emulator timestamps: launch -> start events, plus the image's
// 1 s boot delay), against the same flow as a shell script with fixed sleeps
// and a 5 s poll (smoke_by_script.sh). N runs each; medians and the ratio.

#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <httplib.h>
#include <regex>
#include <vector>

#include "fly_emulator_process.h"
#include "spawned_program.h"
#include "testbed.h"

using namespace std::chrono_literals;
using namespace flypin;

namespace {

constexpr const char* kToken = "fly-bench-token-51c2";
constexpr const char* kApp = "bench-app";
constexpr int kRuns = 5;
constexpr long long kImageBootMs = 1000;

long long median(std::vector<long long> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/// Milliseconds from the launch event to the start event of a machine, read back from the emulator.
long long own_start_ms(int api_port, const std::string& id) {
  httplib::Client api("127.0.0.1", api_port);
  auto res = api.Get("/v1/apps/" + std::string(kApp) + "/machines/" + id + "/events",
                     httplib::Headers{{"Authorization", std::string("Bearer ") + kToken}});
  if (!res || res->status != 200) return -1;
  rapidjson::Document doc;
  doc.Parse(res->body.c_str());
  if (!doc.IsArray()) return -1;
  long long launch = -1, started = -1;
  for (const auto& e : doc.GetArray()) {
    std::string type = e["type"].GetString(), status = e["status"].GetString();
    long long ts = e["timestamp"].GetInt64();
    if (type == "launch" && status == "created") launch = ts;
    if (type == "start" && status == "started" && started < 0) started = ts;
    if (type == "start" && status == "started") started = std::min(started, ts);
  }
  return launch >= 0 && started >= 0 ? started - launch : -1;
}

long long wall_ms(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main() {
  testbed::LocalRegistry registry(testbed::AuthMode::kBasic);
  e2e::FlyEmulatorProcess emulator(kToken, kApp, registry);
  testbed::TempDir dir("flypin-smoke-bench");
  testbed::ImageSpec spec;
  spec.files["/www/health"] = "ok";
  spec.cmd = {"/bin/busybox", "sh", "-c",
              "/bin/busybox sleep ${BOOT_DELAY:-3}; exec /bin/busybox httpd -f -p 8080 -h /www"};
  registry.push_image("flypin-test/slow-boot", "deployment-test", spec);
  const std::string image = registry.host() + "/flypin-test/slow-boot:deployment-test";
  const int api_port = std::stoi(emulator.api_url().substr(emulator.api_url().rfind(':') + 1));
  std::map<std::string, std::string> env{{"FLY_API_TOKEN", kToken}, {"FLY_API_URL", emulator.api_url()},
                                         {"PATH", "/usr/bin:/bin"}, {"HOME", dir.path()}};

  std::vector<long long> script_overhead, script_wall;
  static const std::regex id_re(R"re("machine-id":"([0-9a-f]+)")re");
  // Returns {median overhead, median wall} of smoke-machine, or {-1, -1}.
  auto bench_tool = [&](const std::string& label, std::vector<std::string> extra) -> std::pair<long long, long long> {
    std::vector<long long> overhead, walls;
    std::vector<std::string> args{"--app", kApp, "--image", image, "--region", "sin", "--cpu-kind", "shared", "--cpus",
                                  "1", "--memory-mb", "256", "--env", "BOOT_DELAY=1", "--timeout", "60s", "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    for (int i = 0; i < kRuns; ++i) {
      auto t0 = std::chrono::steady_clock::now();
      e2e::SpawnedProgram p("smoke-machine", args, env, dir.path());
      const int exit = p.wait(120s);
      const long long wall = wall_ms(t0);
      std::smatch m;
      const std::string out = p.out();
      if (exit != 0 || !std::regex_search(out, m, id_re)) {
        std::fprintf(stderr, "smoke-machine failed (%d):\n%s\n", exit, p.err().c_str());
        return {-1, -1};
      }
      const long long own = own_start_ms(api_port, m[1]);
      if (own < 0) return {-1, -1};
      walls.push_back(wall);
      overhead.push_back(wall - own - kImageBootMs);
      std::printf("smoke-machine %s run %d: wall %lld ms, machine own %lld ms, overhead %lld ms\n", label.c_str(), i + 1,
                  wall, own + kImageBootMs, overhead.back());
    }
    return {median(overhead), median(walls)};
  };
  const auto [tool, tool_wall] = bench_tool("(check interval 1s)", {});
  const auto [fast, fast_wall] = bench_tool("(check interval 250ms)", {"--check-interval", "250ms"});
  if (tool < 0 || fast < 0) return 1;
  const std::string script = std::string(FLYPIN_SOURCE_DIR) + "/tests/bench/smoke_machine/smoke_by_script.sh";
  for (int i = 0; i < kRuns; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    std::string cmd = "FLY_API_TOKEN=" + std::string(kToken) + " " + script + " " + emulator.api_url() + " " + kApp +
                      " " + image + " 2>&1";
    FILE* f = popen(cmd.c_str(), "r");
    std::string out;
    char buf[256];
    while (f && fgets(buf, sizeof buf, f)) out += buf;
    const int rc = f ? pclose(f) : -1;
    const long long wall = wall_ms(t0);
    while (!out.empty() && (out.back() == '\n')) out.pop_back();
    const long long own = rc == 0 ? own_start_ms(api_port, out) : -1;
    if (own < 0) {
      std::fprintf(stderr, "script run failed (%d): %s\n", rc, out.c_str());
      return 1;
    }
    script_wall.push_back(wall);
    script_overhead.push_back(wall - own - kImageBootMs);
    std::printf("script run %d: wall %lld ms, overhead %lld ms\n", i + 1, wall, script_overhead.back());
  }
  const long long scripted = median(script_overhead);
  auto ratio = [&](long long v) { return scripted > 0 ? static_cast<double>(v) / static_cast<double>(scripted) : 0.0; };
  std::printf("median wall: smoke-machine %lld ms (1s checks), %lld ms (250ms checks), script %lld ms\n", tool_wall,
              fast_wall, median(script_wall));
  std::printf("median overhead: smoke-machine %lld ms (1s checks, ratio %.3f), %lld ms (250ms checks, ratio %.3f); "
              "script %lld ms (target < 300 ms and < 0.1)\n",
              tool, ratio(tool), fast, ratio(fast), scripted);
  // A benchmark reports; it fails only when a run itself failed (above).
  std::printf("%s\n", fast < 300 && ratio(fast) < 0.1 ? "target met" : "TARGET MISSED");
  return 0;
}
