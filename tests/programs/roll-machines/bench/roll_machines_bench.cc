// Benchmark: roll-machines against the Fly emulator (rate limits on, as Fly
// documents them) and a loopback registry.
//  1. The drift report over 10,000 machines: at most 5 s and 64 MiB; the peer,
//     measured in the same run, is curl | jq counting the same summary list
//     per digest (one transfer and a parse, nothing else).
//  2. --update stopped over 1,000 stopped machines at --concurrency 16: at
//     most 60 s, no request left rejected with 429, all 1,000 on the pin;
//     prints requests sent, 429s seen and the wall time, and the ratio of its
//     time per machine against --concurrency 1 over 100 machines.

#include <chrono>
#include <cstdio>
#include <string>

#include "core/process.h"
#include "support/launchers/fly_emulator.h"
#include "support/launchers/program_run.h"
#include "support/testbed/testbed.h"

namespace {

using namespace flypin;
using Clock = std::chrono::steady_clock;

constexpr const char* kToken = "bench-fly-token";
constexpr const char* kApp = "bench-app";
const std::string kOld = "sha256:" + std::string(64, 'b');

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct Journal {
  int requests = 0;
  int throttled = 0;
};

Journal journal(e2e::FlyEmulator& fly) {
  auto doc = fly.admin("GET", "/_admin/requests").json();
  Journal j;
  if (!doc.IsArray()) return j;
  for (const auto& r : doc.GetArray()) {
    ++j.requests;
    j.throttled += r["status"].GetInt() == 429;
  }
  return j;
}

long max_rss_kib(const std::string& err) {
  auto at = err.rfind("maxrss_kib=");
  return at == std::string::npos ? -1 : std::stol(err.substr(at + 11));
}

void seed(e2e::FlyEmulator& fly, int count, const std::string& image) {
  auto r = fly.admin("POST", "/_admin/seed",
                     std::string(R"({"app":")") + kApp + R"(","count":)" + std::to_string(count) + R"(,"image":")" +
                         image + R"(","digest":")" + kOld + R"("})");
  if (r.status != 200) {
    std::fprintf(stderr, "seed failed: %d %s\n", r.status, r.body.c_str());
    std::exit(1);
  }
}

int on_pin(e2e::FlyEmulator& fly, const std::string& digest) {
  auto doc = fly.call("GET", std::string("/v1/apps/") + kApp + "/machines?summary=true").json();
  int n = 0;
  for (const auto& m : doc.GetArray()) n += std::string(m["image_ref"]["digest"].GetString()) == digest;
  return n;
}

}  // namespace

int main() {
  testbed::LocalRegistry registry(testbed::AuthMode::kBasic);
  const std::string tag = "deployment-01JD7W5Q9R2M4X8Y6Z0A1B2C3D";
  const std::string digest = registry.push_image("bench/app", tag);
  const std::string image = registry.host() + "/bench/app:" + tag;
  e2e::FlyEmulator fly(registry, {.tokens = {kToken}, .apps = {kApp}});
  std::map<std::string, std::string> env = {{"FLY_API_TOKEN", kToken},
                                            {"FLY_API_URL", fly.api_url()},
                                            {"REGISTRY_USERNAME", registry.username()},
                                            {"REGISTRY_PASSWORD", registry.password()}};
  const std::vector<std::string> timed = {"/usr/bin/time", "-f", "maxrss_kib=%M"};
  bool ok = true;

  // 1. The drift report over 10,000 machines.
  seed(fly, 10000, registry.host() + "/bench/app");
  auto start = Clock::now();
  auto report = e2e::run_program("roll-machines", {"--app", kApp, "--image", image, "--json"}, env, timed);
  const double report_s = seconds_since(start);
  const long rss = max_rss_kib(report.err);
  const bool report_ok = report.exit_code == 0 && report.out.find("\"drifted\":10000") != std::string::npos;
  core::SystemProcessRunner runner;
  const std::string peer_cmd = "curl -sf -H 'Authorization: Bearer " + std::string(kToken) + "' '" + fly.api_url() +
                               "/v1/apps/" + kApp + "/machines?summary=true' | jq -c '[.[].image_ref.digest] | " +
                               "group_by(.) | map({(.[0]): length}) | add' >/dev/null";
  start = Clock::now();
  auto peer = runner.run(core::ProcessSpec{.argv = {"sh", "-c", peer_cmd}});
  const double peer_s = seconds_since(start);
  const bool report_target = report_ok && report_s <= 5.0 && rss > 0 && rss <= 64 * 1024;
  std::printf("drift report, 10,000 machines: %.2f s, max RSS %.1f MiB (targets <= 5 s, <= 64 MiB): %s\n", report_s,
              rss / 1024.0, report_target ? "met" : "MISSED");
  std::printf("  peer curl | jq over the same summary list: %.2f s; ratio %.2fx\n", peer_s,
              peer.ok() && peer->exit_code == 0 ? report_s / peer_s : -1.0);
  if (!report_ok) std::fprintf(stderr, "report failed: %s\n", report.err.c_str());
  ok = ok && report_target;

  // 2. --update stopped over 1,000 stopped machines at --concurrency 16; then 100 at 1 as the peer.
  fly.admin("POST", "/_admin/reset");  // rate limits back on
  seed(fly, 1000, registry.host() + "/bench/app");
  start = Clock::now();
  auto roll = e2e::run_program("roll-machines",
                               {"--app", kApp, "--image", image, "--update", "stopped", "--concurrency", "16"}, env);
  const double roll_s = seconds_since(start);
  const Journal j = journal(fly);
  const int rolled = on_pin(fly, digest);
  const bool roll_target = roll.exit_code == 0 && roll_s <= 60.0 && rolled == 1000;
  std::printf(
      "--update stopped, 1,000 machines, --concurrency 16: %.2f s, %d requests sent, %d 429s seen, "
      "%d/1000 on the pin, exit %d (targets <= 60 s, all on the pin, none left rejected): %s\n",
      roll_s, j.requests, j.throttled, rolled, roll.exit_code, roll_target ? "met" : "MISSED");
  if (roll.exit_code != 0) std::fprintf(stderr, "roll failed: %s\n", roll.err.c_str());
  ok = ok && roll_target;

  fly.admin("POST", "/_admin/reset");
  seed(fly, 100, registry.host() + "/bench/app");
  start = Clock::now();
  auto serial = e2e::run_program("roll-machines",
                                 {"--app", kApp, "--image", image, "--update", "stopped", "--concurrency", "1"}, env);
  const double serial_s = seconds_since(start);
  std::printf(
      "  peer --concurrency 1 over 100 machines: %.2f s (%.1f ms a machine); "
      "--concurrency 16: %.1f ms a machine, ratio %.2fx\n",
      serial_s, serial_s * 10.0, roll_s, roll_s / (serial_s * 10.0));
  ok = ok && serial.exit_code == 0;
  return ok ? 0 : 1;
}
