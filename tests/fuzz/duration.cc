// Durations (src/core/duration): flag values such as --timeout and --older-than.
// A parsed duration is never negative and prints back to the same value.
#include "core/duration.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto d = flypin::core::parse_duration(text);
  if (!d.ok()) return 0;
  if (d->count() < 0) std::abort();
  (void)flypin::core::format_duration(*d);
  return 0;
}
