// The build cache on an ephemeral runner, measured (issue 22). An app image
// with a dependency layer that takes seconds (a RUN step computing ~7 s on
// an idle core, as a small npm or pip install would, then
// writing ~50 MB) on a base made from busybox-static, and a small app layer.
// Before every build the builder's local storage is wiped, as a fresh runner
// has none. Every build runs in a workflow's GitHub context (a new GITHUB_SHA
// per app change), so the image gets the OCI labels a deploy gives it. For buildah and for docker (a Docker engine of
// the bench's own):
//   uncached: --cache none, a new dependency layer built and uploaded;
//   cached:   --cache registry after a one-line app change, the cache warm.
// Targets, in one run: cached <= 0.25 x uncached (the peer is the uncached
// build; the median over the runs of each cached build's ratio to the uncached
// build just before it, as the two of a pair share the machine's load), and no
// upload of the dependency layer's blob in a cached build (counted at the
// registry). Exit status 1 when a target is missed. FLYPIN_BENCH_TRACE=DIR keeps every
// build's output with timestamps; buildah_phases.py DIR tells where buildah's
// seconds went.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "core/process.h"
#include "support/bench/shipped.h"
#include "support/testbed/docker_engine.h"
#include "support/testbed/testbed.h"

namespace {

using namespace flypin;
using Clock = std::chrono::steady_clock;

constexpr int kRuns = 5;

// FLYPIN_BENCH_IMPOSSIBLE=1 makes every target impossible and measures one round: the run must then exit 1,
// which shows the verdict can fail (ctest's build_cache_bench_misses). The name and meaning are those of the
// shared verdict (support/bench/verdict.h) this bench moves to once it lands.
bool impossible() {
  const char* v = std::getenv("FLYPIN_BENCH_IMPOSSIBLE");
  return v != nullptr && std::string(v) == "1";
}

// One target: what is measured, its limit (at most), and the noise margin of the machine's load: a number past
// the limit but within the margin is reported, not failed. Both targets are judged as written (margin 0): the
// issue's 0.25x is the promise. Measured at loads 2-10 on 2 cores: buildah 0.14x-0.22x, docker 0.15x-0.23x (single
// pairs up to 0.31x (docker) and 0.26x (buildah), hence the median of paired runs: a cached build still downloads the
// 50 MB layer once, and the bench's engine stores it on vfs), so a machine busier than that can miss the ratio.
struct Target {
  std::string name;
  double limit;
  double noise;
  const char* unit;
  int decimals = 3;  // 0 for counts
};

// The one place a target becomes an exit status.
class Verdict {
 public:
  Verdict() {
    std::printf(
        "build_cache_bench times: build-image --cache registry after a one-line app change, the builder's storage "
        "wiped (a fresh runner), the cache warm in the registry\n"
        "build_cache_bench peer: build-image --cache none on the same wiped builder, same registry, interleaved in "
        "the same run (the median of %d paired ratios)\n",
        impossible() ? 1 : kRuns);
  }
  void check(const Target& t, double measured) {
    const double limit = impossible() ? -1 : t.limit;
    const bool met = measured <= limit + t.noise;
    const int d = t.decimals;
    std::printf("%s: %.*f%s (target <= %.*f%s, noise margin %.*f%s, headroom %.*f%s): %s\n", t.name.c_str(), d,
                measured, t.unit, d, limit, t.unit, d, t.noise, t.unit, d, limit - measured, t.unit,
                met ? "met" : "TARGET MISSED");
    if (!met) ++missed_;
  }
  void fail(const std::string& why) {
    std::printf("TARGET MISSED: %s\n", why.c_str());
    ++missed_;
  }
  int finish() const {
    std::printf(missed_ == 0 ? "all targets met\n" : "%d target(s) missed\n", missed_);
    return missed_ == 0 ? 0 : 1;
  }

 private:
  int missed_ = 0;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// A 40-hex commit id for the n-th commit of the bench app.
std::string commit_sha(int n) {
  char buf[41];
  std::snprintf(buf, sizeof buf, "%040x", n);
  return buf;
}

struct Bench {
  testbed::LocalRegistry& registry;
  testbed::TempDir& dir;
  const testbed::DockerEngine* engine;  // null: buildah
  int generation = 0;
  mutable int builds = 0;

  std::string name() const { return engine ? "docker" : "buildah"; }
  std::string repository() const { return registry.host() + "/bench/" + name(); }
  std::string context() const { return dir.file("ctx"); }

  void wipe() {
    ++generation;
    if (engine) engine->wipe();
  }

  // Runs build-image as a deploy job would for commit `revision`; returns
  // seconds, and the pushed tag through `tag`.
  double build(const std::string& cache, int revision, std::string& tag) const {
    core::ProcessSpec spec;
    spec.argv = {bench::shipped_program("build-image"),
                 "--builder",
                 name(),
                 "--repository",
                 repository(),
                 "--context",
                 context(),
                 "--cache",
                 cache,
                 "--json"};
    // docker: RUN steps on the host's network, as the bench's engine has no bridge (buildah: a chroot).
    if (engine) spec.argv.insert(spec.argv.end(), {"--builder-arg", "--network=host"});
    spec.extra_env = {{"REGISTRY_USERNAME", registry.username()},
                      {"REGISTRY_PASSWORD", registry.password()},
                      {"HOME", dir.file("home")},
                      // The GitHub context, so the image gets the labels a workflow run gives it.
                      {"GITHUB_SHA", commit_sha(revision)},
                      {"GITHUB_REPOSITORY", "example/bench-app"},
                      {"PATH", "/usr/sbin:/usr/bin:/sbin:/bin"}};
    if (engine) {
      spec.extra_env["PATH"] = engine->client_dir() + ":/usr/sbin:/usr/bin:/sbin:/bin";
      spec.extra_env["DOCKER_HOST"] = engine->host();
    } else {
      spec.extra_env["FLYPIN_BUILDAH_ROOT"] = dir.file("buildah-" + std::to_string(generation));
    }
    spec.env_mode = core::EnvMode::kOnlyExtra;
    core::SystemProcessRunner runner;
    auto start = Clock::now();
    // FLYPIN_BENCH_TRACE=DIR: each build's output, every line with its second, for the phase table
    // (buildah_phases.py).
    std::FILE* trace = nullptr;
    if (const char* trace_dir = std::getenv("FLYPIN_BENCH_TRACE")) {
      trace = std::fopen(
          (std::string(trace_dir) + "/" + name() + "-" + std::to_string(++builds) + "-" + cache + ".log").c_str(), "w");
    }
    if (trace) {
      spec.on_line = [trace, start](const std::string& line) {
        std::fprintf(trace, "%7.2f %s\n", std::chrono::duration<double>(Clock::now() - start).count(), line.c_str());
      };
    }
    auto result = runner.run(spec);
    if (trace) std::fclose(trace);
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (!result.ok() || result->exit_code != 0) {
      std::fprintf(stderr, "build-image failed:\n%s\n",
                   result.ok() ? core::last_lines(result->output, 30).c_str() : result.error().describe().c_str());
      std::exit(1);
    }
    auto at = result->stdout_data.rfind("\"tag\":\"");
    tag = at == std::string::npos ? "" : result->stdout_data.substr(at + 7, 37);
    std::filesystem::remove_all(dir.file("buildah-" + std::to_string(generation)));
    return seconds;
  }
};

std::string layer_digest(const testbed::LocalRegistry& registry, const std::string& image, size_t index) {
  auto layers = registry.layers(image);
  return index < layers.size() ? layers[index] : "";
}

}  // namespace

int main() {
  testbed::LocalRegistry registry(testbed::AuthMode::kBasic);
  registry.push_image("bench/base", "1");
  testbed::TempDir dir("flypin-cache-bench");
  std::filesystem::create_directories(dir.file("ctx"));
  std::filesystem::create_directories(dir.file("home"));
  testbed::write_file(dir.file("ctx") + "/Dockerfile",
                      "FROM " + registry.host() +
                          "/bench/base:1\n"
                          "RUN [\"/bin/busybox\", \"sh\", \"-c\", \"i=0; while [ $i -lt 10000000 ]; do i=$((i+1)); "
                          "done; /bin/busybox dd if=/dev/urandom of=/deps bs=1048576 count=50 2>/dev/null\"]\n"
                          "COPY app.txt /app.txt\n"
                          "CMD [\"/bin/busybox\", \"cat\", \"/app.txt\"]\n");
  std::unique_ptr<testbed::DockerEngine> engine;
  if (std::filesystem::exists("/usr/sbin/dockerd")) engine = std::make_unique<testbed::DockerEngine>();

  Verdict verdict;
  const int runs = impossible() ? 1 : kRuns;
  std::vector<Bench> benches{{registry, dir, nullptr}};
  if (engine) {
    benches.push_back({registry, dir, engine.get()});
  } else {
    verdict.fail("docker: no engine (/usr/sbin/dockerd, Debian's docker.io) to measure");
  }
  int change = 0;
  for (auto& bench : benches) {
    std::string tag;
    std::vector<double> uncached, cached, ratios;
    size_t dependency_uploads = 0;
    size_t all_uploads = 0;
    size_t dependency_downloads = 0;  // GETs of its blob: what a cached build still pulls
    // Warm the cache once: the first registry build uploads the dependency layer.
    bench.wipe();
    testbed::write_file(bench.context() + "/app.txt", "line " + std::to_string(++change) + "\n");
    double warm = bench.build("registry", change, tag);
    const std::string deps = layer_digest(registry, bench.repository() + ":" + tag, 1);
    std::fprintf(stderr, "%s warm-up (cache written) %.2f s, dependency layer %s\n", bench.name().c_str(), warm,
                 deps.c_str());
    for (int i = 0; i < runs; ++i) {
      // Interleaved, so both see the same machine load.
      bench.wipe();
      uncached.push_back(bench.build("none", change, tag));
      bench.wipe();
      testbed::write_file(bench.context() + "/app.txt", "line " + std::to_string(++change) + "\n");
      size_t before = registry.requests_seen();
      cached.push_back(bench.build("registry", change, tag));
      ratios.push_back(cached.back() / uncached.back());
      dependency_uploads += registry.blob_uploads(deps, before);
      all_uploads += registry.blob_uploads(before);
      const auto seen = registry.requests();
      for (size_t r = before; r < seen.size(); ++r) {
        dependency_downloads += seen[r].rfind("GET ", 0) == 0 && seen[r].find("/blobs/" + deps) != std::string::npos;
      }
      bool reused = layer_digest(registry, bench.repository() + ":" + tag, 1) == deps;
      std::fprintf(stderr, "%s run %d: uncached %.2f s, cached %.2f s (%.3fx), dependency layer %s\n",
                   bench.name().c_str(), i, uncached.back(), cached.back(), ratios.back(),
                   reused ? "reused" : "REBUILT");
      if (!reused) verdict.fail(bench.name() + ": a cached build rebuilt the dependency layer");
    }
    std::printf(
        "%s: uncached median %.2f s, cached (one-line app change) median %.2f s (N=%d, ratio of the medians "
        "%.3fx); blob uploads of any kind in the cached builds: %zu; downloads of the dependency layer: %zu\n",
        bench.name().c_str(), median(uncached), median(cached), runs, median(cached) / median(uncached), all_uploads,
        dependency_downloads);
    verdict.check({bench.name() + " cached / uncached build time (median paired ratio)", 0.25, 0, "x"}, median(ratios));
    verdict.check(
        {bench.name() + " uploads of the unchanged dependency layer in " + std::to_string(runs) + " cached builds", 0,
         0, "", 0},
        static_cast<double>(dependency_uploads));
  }
  return verdict.finish();
}
