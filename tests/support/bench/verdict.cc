#include "support/bench/verdict.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string_view>

namespace flypin::bench {
namespace {

// Each verdict line goes to stdout, and to FLYPIN_BENCH_REPORT when set (ctest
// sets it; scripts/test.sh prints the file after the run, passed or not).
void say(const std::string& line) {
  std::fputs(line.c_str(), stdout);
  std::fflush(stdout);
  if (const char* path = std::getenv("FLYPIN_BENCH_REPORT"); path != nullptr && *path != '\0') {
    if (FILE* f = std::fopen(path, "a")) {
      std::fputs(line.c_str(), f);
      std::fclose(f);
    }
  }
}

std::string number(double v, const std::string& unit) {
  char buf[64];
  std::snprintf(buf, sizeof buf, std::abs(v) < 1e15 && v == static_cast<long long>(v) ? "%.0f%s" : "%.3g%s", v,
                unit.c_str());
  return buf;
}

}  // namespace

bool impossible() {
  const char* v = std::getenv("FLYPIN_BENCH_IMPOSSIBLE");
  return v != nullptr && std::string_view(v) == "1";
}

int rounds(int wanted) { return impossible() ? 1 : wanted; }

Verdict::Verdict(std::string bench, const std::string& measures, const std::string& peer) : bench_(std::move(bench)) {
  say("bench " + bench_ + ": " + measures + "\n  peer, measured in the same run: " + peer + "\n");
  if (impossible()) say("  FLYPIN_BENCH_IMPOSSIBLE=1: every target below is impossible; this run must fail\n");
}

bool Verdict::check(const Target& t, std::optional<double> measured) {
  const bool at_most = t.bound == Bound::kAtMost;
  // Past the limit by more than the noise margin is a miss.
  double fails_beyond = at_most ? t.limit + t.noise : t.limit - t.noise;
  if (impossible()) {
    fails_beyond = at_most ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
  }
  std::string target = std::string(at_most ? "<= " : ">= ") + number(t.limit, t.unit);
  if (t.noise > 0) {
    target += " (noise margin " + number(t.noise, t.unit) + ": fails " + (at_most ? "above " : "below ") +
              number(at_most ? t.limit + t.noise : t.limit - t.noise, t.unit) + ")";
  }
  const char* outcome;
  if (!measured) {
    outcome = "MISSED: nothing was measured";
    ++nothing_;
  } else if (at_most ? *measured > fails_beyond : *measured < fails_beyond) {
    outcome = "MISSED";
    ++missed_;
  } else {
    const bool inside = at_most ? *measured <= t.limit : *measured >= t.limit;
    outcome = inside ? "met" : "met within the noise margin";
    ++met_;
  }
  say("  target " + t.name + ": " + (measured ? number(*measured, t.unit) : "(none)") + ", target " + target + ": " +
      outcome + "\n");
  return measured && outcome[0] == 'm';
}

int Verdict::finish() const {
  const int total = met_ + missed_ + nothing_;
  const bool ok = total > 0 && met_ == total;
  say("bench " + bench_ + ": " + std::to_string(total) + " targets, " + std::to_string(met_) + " met, " +
      std::to_string(missed_) + " missed, " + std::to_string(nothing_) +
      " with nothing measured: " + (ok ? "PASSED" : "FAILED") + "\n");
  return ok ? 0 : 1;
}

}  // namespace flypin::bench
