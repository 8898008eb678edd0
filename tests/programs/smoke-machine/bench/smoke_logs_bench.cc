// How fast a failure is told in the app's own words (issue 12): the time from
// the machine's exit (the emulator's exit event) to smoke-machine's verdict
// (its exit, the machine's last lines read and the machine destroyed), median
// of N runs, against the same runs without logs (--log-lines 0) as the peer;
// target at most 1 s with no ingestion delay. And the logs API's polling as
// the server sees it (a timestamping relay before the emulator's logs route):
// after an answer with nothing new, never a read sooner than flyctl's 128 ms
// (logs/polling.go; like flyctl, a page with lines is followed at once by the next).

#include <httplib.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <regex>
#include <thread>
#include <vector>

#include "support/bench/bench_numbers.h"
#include "support/launchers/fly_emulator.h"
#include "support/launchers/spawned_program.h"
#include "support/testbed/testbed.h"

using namespace std::chrono_literals;
using namespace flypin;

namespace {

using bench::median;
using bench::unix_ms;

constexpr const char* kToken = "fly-bench-token-9e14";
constexpr const char* kApp = "bench-app";
constexpr int kRuns = 5;
constexpr long long kFlyctlIntervalMs = 128;
constexpr const char* kAppLine = "fatal: DATABASE_URL is not set";

/// The emulator's exit event of a machine (unix ms), -1 when absent.
long long exit_event_ms(int api_port, const std::string& id) {
  httplib::Client api("127.0.0.1", api_port);
  auto res = api.Get("/v1/apps/" + std::string(kApp) + "/machines/" + id + "/events",
                     httplib::Headers{{"Authorization", std::string("Bearer ") + kToken}});
  if (!res || res->status != 200) return -1;
  rapidjson::Document doc;
  doc.Parse(res->body.c_str());
  if (!doc.IsArray()) return -1;
  long long at = -1;
  for (const auto& e : doc.GetArray()) {
    if (std::string(e["type"].GetString()) == "exit") at = at < 0 ? e["timestamp"].GetInt64() : at;
  }
  return at;
}

/// Forwards the logs API to the emulator and stamps each request's arrival.
class StampingRelay {
 public:
  explicit StampingRelay(int api_port) : api_port_(api_port) {
    server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      const auto arrived = std::chrono::steady_clock::now();
      httplib::Client api("127.0.0.1", api_port_);
      std::string target = req.path;
      std::string sep = "?";
      for (const auto& [k, v] : req.params) {
        target += sep + k + "=" + httplib::detail::encode_query_param(v);
        sep = "&";
      }
      auto answer = api.Get(target, httplib::Headers{{"Authorization", req.get_header_value("Authorization")}});
      if (!answer) {
        res.status = 502;
        return;
      }
      res.status = answer->status;
      res.set_content(answer->body, "application/json");
      std::lock_guard lock(mu_);
      reads_.push_back({arrived, answer->body.find(R"("data":[])") != std::string::npos});
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~StampingRelay() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  struct Taken {
    size_t reads = 0;
    std::vector<long long> idle_gaps;  // ms from a read answered with nothing new to the next read
  };
  Taken take() {
    std::lock_guard lock(mu_);
    Taken t{reads_.size(), {}};
    for (size_t i = 1; i < reads_.size(); ++i) {
      if (!reads_[i - 1].empty) continue;
      t.idle_gaps.push_back(
          std::chrono::duration_cast<std::chrono::milliseconds>(reads_[i].at - reads_[i - 1].at).count());
    }
    reads_.clear();
    return t;
  }

 private:
  int api_port_;
  int port_ = 0;
  httplib::Server server_;
  std::thread thread_;
  std::mutex mu_;
  struct Read {
    std::chrono::steady_clock::time_point at;
    bool empty;
  };
  std::vector<Read> reads_;
};

}  // namespace

int main() {
  testbed::LocalRegistry registry(testbed::AuthMode::kBasic);
  e2e::FlyEmulator emulator(
      registry, {.tokens = {kToken}, .apps = {kApp}, .registry = e2e::RegistryTransport::kInsecureEverywhere});
  emulator.admin("POST", "/_admin/behaviour", R"({"rate_limit":false})");
  testbed::TempDir dir("flypin-smoke-logs-bench");
  testbed::ImageSpec spec;
  spec.cmd = {"/bin/busybox", "sh", "-c",
              std::string("echo 'starting'; /bin/busybox sleep 2; echo '") + kAppLine + "' >&2; exit 3"};
  registry.push_image("flypin-test/dies", "deployment-test", spec);
  const std::string image = registry.host() + "/flypin-test/dies:deployment-test";
  const int api_port = std::stoi(emulator.api_url().substr(emulator.api_url().rfind(':') + 1));
  StampingRelay relay(api_port);
  const std::map<std::string, std::string> env{{"FLY_API_TOKEN", kToken},
                                               {"FLY_API_URL", emulator.api_url()},
                                               {"FLY_LOGS_API_URL", relay.url()},
                                               {"PATH", "/usr/bin:/bin"},
                                               {"HOME", dir.path()}};
  static const std::regex id_re(R"re("machine-id":"([0-9a-f]+)")re");

  std::vector<long long> all_gaps;
  // Median ms from the machine's exit to smoke-machine's verdict, or -1.
  auto bench = [&](const std::string& label, std::vector<std::string> extra) -> long long {
    std::vector<long long> verdicts;
    std::vector<std::string> args{
        "--app", kApp,          "--image", image,       "--region", "sin",    "--cpu-kind",       "shared", "--cpus",
        "1",     "--memory-mb", "256",     "--timeout", "60s",      "--json", "--check-interval", "250ms"};
    args.insert(args.end(), extra.begin(), extra.end());
    for (int i = 0; i < kRuns; ++i) {
      relay.take();
      e2e::SpawnedProgram p("smoke-machine", args, env, dir.path());
      const int exit = p.wait(120s);
      const long long verdict_unix = unix_ms();
      std::smatch m;
      const std::string out = p.out();
      const bool with_logs = std::find(extra.begin(), extra.end(), "0") == extra.end();
      if (exit != 1 || !std::regex_search(out, m, id_re) || (with_logs && out.find(kAppLine) == std::string::npos)) {
        std::fprintf(stderr, "smoke-machine did not fail as expected (%d):\n%s\n%s\n", exit, out.c_str(),
                     p.err().c_str());
        return -1;
      }
      const long long exited = exit_event_ms(api_port, m[1]);
      if (exited < 0) return -1;
      verdicts.push_back(verdict_unix - exited);
      const auto taken = relay.take();
      all_gaps.insert(all_gaps.end(), taken.idle_gaps.begin(), taken.idle_gaps.end());
      std::printf("%s run %d: machine exit -> verdict %lld ms, %zu logs reads\n", label.c_str(), i + 1, verdicts.back(),
                  taken.reads);
    }
    return median(verdicts);
  };
  const long long with_logs = bench("with logs", {});
  const long long without = bench("without logs (--log-lines 0)", {"--log-lines", "0"});
  if (with_logs < 0 || without < 0) return 1;
  const long long min_gap = all_gaps.empty() ? -1 : *std::min_element(all_gaps.begin(), all_gaps.end());
  std::printf(
      "median machine exit -> verdict: %lld ms with logs, %lld ms without (ratio %.2f); target <= 1000 ms: %s\n",
      with_logs, without, without > 0 ? static_cast<double>(with_logs) / static_cast<double>(without) : 0.0,
      with_logs <= 1000 ? "target met" : "TARGET MISSED");
  std::printf(
      "logs API reads after an empty answer: %zu, shortest gap %lld ms, median %lld ms; flyctl's %lld ms (ratio %.2f): "
      "%s\n",
      all_gaps.size(), min_gap, median(all_gaps), kFlyctlIntervalMs,
      min_gap >= 0 ? static_cast<double>(min_gap) / kFlyctlIntervalMs : 0.0,
      min_gap < 0 || min_gap >= kFlyctlIntervalMs ? "never faster than flyctl" : "FASTER THAN FLYCTL");
  return 0;
}
