#pragma once
// What benchmarks compute from their samples: medians, ratios and the wall
// clock in unix ms (to compare with an emulator's event timestamps). A number
// that could not be measured is nullopt, never a value that passes a target.

#include <optional>
#include <vector>

namespace flypin::bench {

/// The median sample (the mean of the middle two of an even count); nullopt when there is none.
std::optional<double> median(std::vector<double> samples);

/// a / b; nullopt when either is missing or b is not positive.
std::optional<double> ratio(std::optional<double> a, std::optional<double> b);

/// The smallest sample; nullopt when there is none.
std::optional<double> smallest(const std::vector<double>& samples);

long long unix_ms();

}  // namespace flypin::bench
