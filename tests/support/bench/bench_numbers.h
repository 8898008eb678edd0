#pragma once
// What the smoke benches share: the wall clock in unix ms (to compare with the
// emulator's event timestamps) and the median of a run's samples.

#include <algorithm>
#include <chrono>
#include <vector>

namespace flypin::bench {

/// The median sample; -1 when there is none.
inline long long median(std::vector<long long> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

inline long long unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace flypin::bench
