// Benchmark: how fast pin-image proves a tag exists, against skopeo inspect
// (the peer) on the same tag of the same loopback registry, interleaved in one
// run. Targets per auth mode: the median time at most 0.25x skopeo's, and the
// HTTP requests of one resolution within budget (2 with Basic auth, 3 with
// token auth).

#include <chrono>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/process.h"
#include "support/bench/numbers.h"
#include "support/bench/shipped.h"
#include "support/bench/verdict.h"
#include "support/launchers/program_run.h"
#include "support/launchers/supabase_emulator.h"
#include "support/testbed/testbed.h"

namespace {

using namespace flypin;
using Clock = std::chrono::steady_clock;

constexpr const char* kProject = "benchbenchbenchbench";
constexpr const char* kToken = "sbp_bench_token_value";
const int kRounds = bench::rounds(15);

std::optional<double> time_ms(const std::function<bool()>& f) {
  auto start = Clock::now();
  if (!f()) return std::nullopt;
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Measured {
  std::optional<double> flypin_ms, skopeo_ms;
  std::optional<double> requests;
};

Measured bench_mode(testbed::AuthMode mode, e2e::SupabaseEmulator& supabase) {
  const std::string pin_image = bench::shipped_program("pin-image");
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
  auto first = e2e::run_program(pin_image, {"--image", image, "--project-ref", kProject}, env);
  if (first.exit_code != 0) {
    std::fprintf(stderr, "pin-image failed: %s\n", first.err.c_str());
    return {};
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
  auto run_flypin = [&] { return e2e::run_program(pin_image, args, env).exit_code == 0; };

  // Requests of one resolution, counted at the registry (token server included).
  Measured m;
  const auto before = registry.requests_seen() + registry.token_requests();
  if (run_flypin()) m.requests = static_cast<double>(registry.requests_seen() + registry.token_requests() - before);

  run_skopeo();  // warm both once
  std::vector<double> f, s;
  for (int i = 0; i < kRounds; ++i) {  // interleaved, so drift hits both alike
    const auto a = time_ms(run_flypin), b = time_ms(run_skopeo);
    if (!a || !b) {
      std::fprintf(stderr, "a run failed (pin-image %s, skopeo %s)\n", a ? "ok" : "failed", b ? "ok" : "failed");
      return m;
    }
    f.push_back(*a);
    s.push_back(*b);
  }
  m.flypin_ms = bench::median(f);
  m.skopeo_ms = bench::median(s);
  return m;
}

}  // namespace

int main() {
  bench::Verdict verdict("pin_image_bench",
                         "pin-image --check-only (the shipped program: static, mbedTLS), one tag of an image index on "
                         "a loopback registry, " +
                             std::to_string(kRounds) + " rounds",
                         "skopeo inspect of the same tag");
  e2e::SupabaseEmulator supabase(kToken, kProject);
  for (auto mode : {testbed::AuthMode::kBasic, testbed::AuthMode::kToken}) {
    const bool basic = mode == testbed::AuthMode::kBasic;
    const std::string auth = basic ? "basic auth" : "token auth";
    const auto m = bench_mode(mode, supabase);
    std::printf(
        "%s: pin-image median %.1f ms (includes reading the secret from the Supabase emulator), skopeo %.1f ms\n",
        auth.c_str(), m.flypin_ms.value_or(-1), m.skopeo_ms.value_or(-1));
    // Medians of 15 interleaved rounds of ~10 ms and ~50 ms runs move by a few
    // percent of skopeo's time between runs on a loaded machine.
    verdict.check({.name = "pin-image / skopeo inspect, median, " + auth, .limit = 0.25, .noise = 0.05, .unit = "x"},
                  bench::ratio(m.flypin_ms, m.skopeo_ms));
    verdict.check({.name = "HTTP requests of one resolution, " + auth, .limit = basic ? 2.0 : 3.0}, m.requests);
  }
  // The floor every run pays before any work: process start (no dynamic
  // loading for the static program; skopeo is a Go program). For the record.
  core::SystemProcessRunner runner;
  std::vector<double> fv, sv;
  for (int i = 0; i < kRounds; ++i) {
    if (auto t = time_ms([&] {
          return runner.run(core::ProcessSpec{.argv = {bench::shipped_program("pin-image"), "--version"}}).ok();
        })) {
      fv.push_back(*t);
    }
    if (auto t = time_ms([&] { return runner.run(core::ProcessSpec{.argv = {"skopeo", "--version"}}).ok(); })) {
      sv.push_back(*t);
    }
  }
  std::printf("startup floor (--version): pin-image %.1f ms, skopeo %.1f ms\n", bench::median(fv).value_or(-1),
              bench::median(sv).value_or(-1));
  return verdict.finish();
}
