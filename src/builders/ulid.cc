#include "builders/ulid.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <random>

#include "registry/ulid_time.h"

namespace flypin::build {
namespace {

std::uint64_t system_millis() {
  using namespace std::chrono;
  return static_cast<std::uint64_t>(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

UlidGenerator::RandomSource default_random() {
  auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
  return [engine](std::array<std::uint8_t, 10>& out) {
    std::uniform_int_distribution<int> byte(0, 255);
    for (auto& b : out) b = static_cast<std::uint8_t>(byte(*engine));
  };
}

// Returns false on overflow (all 80 bits were set).
bool increment(std::array<std::uint8_t, 10>& bytes) {
  for (auto it = bytes.rbegin(); it != bytes.rend(); ++it) {
    if (++*it != 0) return true;
  }
  return false;
}

}  // namespace

std::string encode_ulid(std::uint64_t millis, const std::array<std::uint8_t, 10>& random) {
  std::string out(26, '0');
  std::uint64_t t = millis & 0xFFFF'FFFF'FFFFULL;
  for (int i = 9; i >= 0; --i) {
    out[static_cast<size_t>(i)] = registry::kCrockfordBase32[t & 31];
    t >>= 5;
  }
  // 80 random bits -> 16 characters of 5 bits, most significant first.
  for (int c = 0; c < 16; ++c) {
    int value = 0;
    for (int b = 0; b < 5; ++b) {
      int bit_index = c * 5 + b;
      int bit = (random[static_cast<size_t>(bit_index / 8)] >> (7 - bit_index % 8)) & 1;
      value = (value << 1) | bit;
    }
    out[static_cast<size_t>(10 + c)] = registry::kCrockfordBase32[value];
  }
  return out;
}

UlidGenerator::UlidGenerator() : UlidGenerator(system_millis, default_random()) {}

UlidGenerator::UlidGenerator(MillisSource millis, RandomSource random)
    : millis_(std::move(millis)), random_(std::move(random)) {}

std::string UlidGenerator::next() {
  std::uint64_t now = millis_();
  if (has_last_ && now <= last_ms_) {
    if (!increment(last_random_)) {
      // 2^80 ids in one millisecond cannot happen in practice; borrow the next millisecond.
      ++last_ms_;
      random_(last_random_);
    }
  } else {
    last_ms_ = now;
    random_(last_random_);
  }
  has_last_ = true;
  return encode_ulid(last_ms_, last_random_);
}

std::string new_ulid() {
  static std::mutex mutex;
  static UlidGenerator generator;
  std::lock_guard lock(mutex);
  return generator.next();
}

}  // namespace flypin::build
