// How fast a failure is told in the app's own words (issue 12): the time from
// the machine's exit (the emulator's exit event) to smoke-machine's verdict
// (its exit, the machine's last lines read and the machine destroyed), median
// of N runs of the shipped program, against the same runs without logs
// (--log-lines 0) as the peer; target at most 1 s with no ingestion delay. And the logs API's polling as
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

constexpr const char* kToken = "fly-bench-token-9e14";
constexpr const char* kApp = "bench-app";
const int kRuns = bench::rounds(5);
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
    std::vector<double> idle_gaps;  // ms from a read answered with nothing new to the next read
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
  bench::Verdict verdict("smoke_logs_bench",
                         "smoke-machine (the shipped program) on a machine that dies: its exit -> the verdict in the "
                         "app's own last lines; the logs API's polling as the server sees it",
                         "the same runs without logs (--log-lines 0); flyctl's 128 ms between logs reads");
  const std::string smoke_machine = bench::shipped_program("smoke-machine");
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

  std::vector<double> all_gaps;
  // Median ms from the machine's exit to smoke-machine's verdict; nullopt when a run failed.
  auto bench = [&](const std::string& label, std::vector<std::string> extra) -> std::optional<double> {
    std::vector<double> verdicts;
    std::vector<std::string> args{
        "--app", kApp,          "--image", image,       "--region", "sin",    "--cpu-kind",       "shared", "--cpus",
        "1",     "--memory-mb", "256",     "--timeout", "60s",      "--json", "--check-interval", "250ms"};
    args.insert(args.end(), extra.begin(), extra.end());
    for (int i = 0; i < kRuns; ++i) {
      relay.take();
      e2e::SpawnedProgram p(smoke_machine, args, env, dir.path());
      const int exit = p.wait(120s);
      const long long verdict_unix = unix_ms();
      std::smatch m;
      const std::string out = p.out();
      const bool with_logs = std::find(extra.begin(), extra.end(), "0") == extra.end();
      if (exit != 1 || !std::regex_search(out, m, id_re) || (with_logs && out.find(kAppLine) == std::string::npos)) {
        std::fprintf(stderr, "smoke-machine did not fail as expected (%d):\n%s\n%s\n", exit, out.c_str(),
                     p.err().c_str());
        return std::nullopt;
      }
      const long long exited = exit_event_ms(api_port, m[1]);
      if (exited < 0) return std::nullopt;
      verdicts.push_back(verdict_unix - exited);
      const auto taken = relay.take();
      all_gaps.insert(all_gaps.end(), taken.idle_gaps.begin(), taken.idle_gaps.end());
      std::printf("%s run %d: machine exit -> verdict %.0f ms, %zu logs reads\n", label.c_str(), i + 1, verdicts.back(),
                  taken.reads);
    }
    return bench::median(verdicts);
  };
  const auto with_logs = bench("with logs", {});
  const auto without = bench("without logs (--log-lines 0)", {"--log-lines", "0"});
  const auto gap = bench::smallest(all_gaps);
  std::printf("median machine exit -> verdict: %.0f ms with logs, %.0f ms without\n", with_logs.value_or(-1),
              without.value_or(-1));
  std::printf("logs API reads after an empty answer: %zu, median gap %.0f ms\n", all_gaps.size(),
              bench::median(all_gaps).value_or(-1));
  // Medians of 5 runs whose polls tick every 250 ms: a loaded machine moves them by about one tick.
  verdict.check(
      {.name = "machine exit -> verdict with the app's lines, median", .limit = 1000, .noise = 250, .unit = " ms"},
      with_logs);
  verdict.check({.name = "with logs / without logs, median", .limit = 2.0, .noise = 0.5, .unit = "x"},
                bench::ratio(with_logs, without));
  // Never faster than flyctl: the shortest gap is a bound, with no margin. No
  // gap measured (no read after an empty answer) is a miss, not a pass.
  verdict.check({.name = "shortest gap between logs reads after an empty answer / flyctl's 128 ms",
                 .bound = bench::Bound::kAtLeast,
                 .limit = 1.0,
                 .unit = "x"},
                bench::ratio(gap, static_cast<double>(kFlyctlIntervalMs)));
  return verdict.finish();
}
