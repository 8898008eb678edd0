#include "emulators/fly/model/clock_text.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>

#include "core/crypto.h"

namespace flypin::emulators::fly {

std::string rfc3339_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string rfc3339_ms_now() {
  const long long ms = unix_ms_now();
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[40];
  const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03lldZ", ms % 1000);
  return buf;
}

std::string utc_text(long long unix_seconds, UtcForm form) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, form == UtcForm::kRfc3339 ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M:%S +0000 UTC", &tm);
  return buf;
}

long long unix_ms_now() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string new_machine_id() { return core::random_hex(7); }

std::string new_ulid() {
  static const char* kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  unsigned long long ms = static_cast<unsigned long long>(unix_ms_now());
  std::string out(26, '0');
  for (int i = 9; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kAlphabet[ms & 31];
    ms >>= 5;
  }
  for (size_t i = 10; i < 26; ++i) out[i] = kAlphabet[rng() & 31];
  return out;
}

}  // namespace flypin::emulators::fly
