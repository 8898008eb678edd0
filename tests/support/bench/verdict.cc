#include "support/bench/verdict.h"

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string_view>

namespace flypin::bench {
namespace {

std::string number(double v, const std::string& unit) {
  char buf[64];
  std::snprintf(buf, sizeof buf, v == static_cast<long long>(v) && v < 1e15 ? "%.0f%s" : "%.3g%s", v, unit.c_str());
  return buf;
}

}  // namespace

bool impossible() {
  const char* v = std::getenv("FLYPIN_BENCH_IMPOSSIBLE");
  return v != nullptr && std::string_view(v) == "1";
}

int rounds(int wanted) { return impossible() ? 1 : wanted; }

Verdict::Verdict(std::string bench, const std::string& measures, const std::string& peer) : bench_(std::move(bench)) {
  std::printf("bench %s: %s\n  peer, measured in the same run: %s\n", bench_.c_str(), measures.c_str(), peer.c_str());
  if (impossible()) {
    std::printf("  FLYPIN_BENCH_IMPOSSIBLE=1: every target below is impossible; this run must fail\n");
  }
  std::fflush(stdout);
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
  std::printf("  target %s: %s, target %s: %s\n", t.name.c_str(),
              measured ? number(*measured, t.unit).c_str() : "(none)", target.c_str(), outcome);
  std::fflush(stdout);
  return measured && outcome[0] == 'm';
}

int Verdict::finish() const {
  const int total = met_ + missed_ + nothing_;
  const bool ok = total > 0 && met_ == total;
  std::printf("bench %s: %d targets, %d met, %d missed, %d with nothing measured: %s\n", bench_.c_str(), total, met_,
              missed_, nothing_, ok ? "PASSED" : "FAILED");
  std::fflush(stdout);
  return ok ? 0 : 1;
}

}  // namespace flypin::bench
