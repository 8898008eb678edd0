// Benchmark: how fast pin-image proves a tag exists, against skopeo inspect
// on the same tag of the same loopback registry, measured in one run.
// Prints medians, the ratio (target <= 0.25) and the HTTP requests each
// resolution made (budget: 2 with Basic auth, 3 with token auth).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "core/process.h"
#include "support/launchers/program_run.h"
#include "support/launchers/supabase_emulator.h"
#include "support/testbed/testbed.h"

namespace {

using namespace flypin;
using Clock = std::chrono::steady_clock;

constexpr const char* kProject = "benchbenchbenchbench";
constexpr const char* kToken = "sbp_bench_token_value";
constexpr int kRounds = 15;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

double time_ms(const std::function<bool()>& f) {
  auto start = Clock::now();
  if (!f()) return -1;
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Result {
  std::string mode;
  double flypin_ms, skopeo_ms;
  size_t requests, budget;
};

Result bench(testbed::AuthMode mode, e2e::SupabaseEmulator& supabase) {
  testbed::LocalRegistry registry(mode);
  testbed::ImageSpec amd64, arm64;
  arm64.architecture = "arm64";
  registry.push_index("bench/app", "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D", {amd64, arm64});
  const std::string image = registry.host() + "/bench/app:deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D";
  std::map<std::string, std::string> env = {{"SUPABASE_API_URL", supabase.url()},
                                            {"SUPABASE_ACCESS_TOKEN", kToken},
                                            {"REGISTRY_USERNAME", registry.username()},
                                            {"REGISTRY_PASSWORD", registry.password()}};
  // Make the secret current so --check-only succeeds (exit 0) every round.
  auto first = e2e::run_program("pin-image", {"--image", image, "--project-ref", kProject}, env);
  if (first.exit_code != 0) {
    std::fprintf(stderr, "pin-image failed: %s\n", first.err.c_str());
    std::exit(1);
  }
  const std::vector<std::string> args = {"--image", image, "--project-ref", kProject, "--check-only"};
  const std::vector<std::string> skopeo = {
      "skopeo",           "inspect", "--tls-verify=false", "--creds", registry.username() + ":" + registry.password(),
      "docker://" + image};
  core::SystemProcessRunner runner;
  auto run_skopeo = [&] {
    auto r = runner.run(core::ProcessSpec{.argv = skopeo});
    return r.ok() && r->exit_code == 0;
  };
  auto run_flypin = [&] { return e2e::run_program("pin-image", args, env).exit_code == 0; };

  // Requests of one resolution, counted at the registry (token server included).
  auto before = registry.requests_seen() + registry.token_requests();
  run_flypin();
  size_t requests = registry.requests_seen() + registry.token_requests() - before;

  run_skopeo();  // warm both once
  std::vector<double> f, s;
  for (int i = 0; i < kRounds; ++i) {  // interleaved, so drift hits both alike
    double a = time_ms(run_flypin), b = time_ms(run_skopeo);
    if (a < 0 || b < 0) {
      std::fprintf(stderr, "a run failed\n");
      std::exit(1);
    }
    f.push_back(a);
    s.push_back(b);
  }
  return {mode == testbed::AuthMode::kBasic ? "basic" : "token", median(f), median(s), requests,
          mode == testbed::AuthMode::kBasic ? 2u : 3u};
}

}  // namespace

int main() {
  e2e::SupabaseEmulator supabase(kToken, kProject);
  bool budget_ok = true;
  std::printf("pin-image --check-only vs skopeo inspect, same tag (image index), loopback registry, %d rounds\n",
              kRounds);
  std::printf("%-6s %14s %14s %8s %10s\n", "auth", "flypin (ms)", "skopeo (ms)", "ratio", "requests");
  for (auto mode : {testbed::AuthMode::kBasic, testbed::AuthMode::kToken}) {
    auto r = bench(mode, supabase);
    double ratio = r.flypin_ms / r.skopeo_ms;
    std::printf("%-6s %14.1f %14.1f %7.3fx %6zu/%zu  %s\n", r.mode.c_str(), r.flypin_ms, r.skopeo_ms, ratio, r.requests,
                r.budget, ratio <= 0.25 ? "target met (<= 0.25x)" : "TARGET MISSED (> 0.25x)");
    if (r.requests > r.budget) budget_ok = false;
  }
  // The floor every run pays before any work: process start and dynamic loading
  // (Debian's libcurl pulls in ~30 shared libraries; the static release binary does not).
  core::SystemProcessRunner runner;
  std::vector<double> fv, sv;
  for (int i = 0; i < kRounds; ++i) {
    fv.push_back(time_ms([&] {
      return runner.run(core::ProcessSpec{.argv = {std::string(FLYPIN_BIN_DIR) + "/pin-image", "--version"}}).ok();
    }));
    sv.push_back(time_ms([&] { return runner.run(core::ProcessSpec{.argv = {"skopeo", "--version"}}).ok(); }));
  }
  std::printf("startup floor (--version): flypin %.1f ms, skopeo %.1f ms\n", median(fv), median(sv));
  std::printf("flypin time includes reading the current secret from the Supabase emulator.\n");
  std::printf("flypin built with %s.\n", FLYPIN_CURL_LINKAGE);
  if (!budget_ok) std::printf("REQUEST BUDGET EXCEEDED\n");
  return budget_ok ? 0 : 1;
}
