#pragma once
// The one home of a benchmark's verdict. Each benchmark states what it times
// and its peer (measured in the same run), then checks each target against
// what it measured: one line per target with the number, the target and the
// noise margin beside it. The exit status says whether every target was met;
// a target with nothing measured is missed, never passed.
//
// FLYPIN_BENCH_IMPOSSIBLE=1 makes every target impossible, so that the run
// must fail: ctest runs each benchmark once so (WILL_FAIL), which proves its
// verdict can fail. Such a run takes one round of each measurement.

#include <optional>
#include <string>
#include <vector>

namespace flypin::bench {

/// Which side of its limit a measurement must stay.
enum class Bound { kAtMost, kAtLeast };

struct Target {
  std::string name;  // what is measured, e.g. "pin-image / skopeo inspect, basic auth"
  Bound bound = Bound::kAtMost;
  double limit = 0;  // the target, e.g. 0.25
  /// How far run-to-run noise (load on a shared machine) moves the number, in
  /// its unit: a number past the limit but within the margin is reported, not
  /// failed. 0 for counts and properties that do not vary.
  double noise = 0;
  std::string unit;  // printed after each number: "x", " ms", " MiB"
};

/// FLYPIN_BENCH_IMPOSSIBLE=1 is set.
bool impossible();

/// How many rounds to measure: `wanted`, or 1 when the targets are impossible.
int rounds(int wanted);

class Verdict {
 public:
  /// Prints what is timed and against which peer.
  Verdict(std::string bench, const std::string& measures, const std::string& peer);

  /// Prints the target's line and records it; false when missed (or nothing was measured).
  bool check(const Target& target, std::optional<double> measured);

  /// Prints the tally; the exit status: 0 when every target was met, else 1.
  int finish() const;

 private:
  std::string bench_;
  int met_ = 0;
  int missed_ = 0;
  int nothing_ = 0;
};

}  // namespace flypin::bench
