#pragma once
// ULIDs (https://github.com/ulid/spec): 48-bit millisecond time + 80 random
// bits in 26 Crockford base32 characters, so tags sort by build time.
#include <array>
#include <cstdint>
#include <functional>
#include <string>

namespace flypin::build {

class UlidGenerator {
 public:
  using MillisSource = std::function<std::uint64_t()>;
  using RandomSource = std::function<void(std::array<std::uint8_t, 10>&)>;

  /// System time and a random_device-seeded generator.
  UlidGenerator();
  UlidGenerator(MillisSource millis, RandomSource random);

  /// Monotonic within this generator: in the same (or an earlier) millisecond
  /// the previous random part is incremented instead of drawn again.
  std::string next();

 private:
  MillisSource millis_;
  RandomSource random_;
  std::uint64_t last_ms_ = 0;
  std::array<std::uint8_t, 10> last_random_{};
  bool has_last_ = false;
};

/// Encode a time and random part as 26 Crockford characters.
std::string encode_ulid(std::uint64_t millis, const std::array<std::uint8_t, 10>& random);

/// The process-wide generator (monotonic across calls in this process).
std::string new_ulid();

}  // namespace flypin::build
