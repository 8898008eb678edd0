#include "core/duration.h"

#include <string>

namespace flypin::core {

Result<std::chrono::milliseconds> parse_duration(std::string_view text) {
  auto bad = [&] {
    return Error::usage("invalid duration '" + std::string(text) + "': use forms like 90s, 5m, 1m30s or bare seconds");
  };
  if (text.empty()) return bad();
  bool all_digits = text.find_first_not_of("0123456789") == std::string_view::npos;
  if (all_digits) {
    if (text.size() > 9) return bad();
    return std::chrono::milliseconds(std::stoll(std::string(text)) * 1000);
  }
  long long total_ms = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == start || i - start > 9) return bad();
    long long n = std::stoll(std::string(text.substr(start, i - start)));
    std::string_view rest = text.substr(i);
    long long unit_ms = 0;
    if (rest.starts_with("ms")) {
      unit_ms = 1;
      i += 2;
    } else if (rest.starts_with("h")) {
      unit_ms = 3'600'000;
      ++i;
    } else if (rest.starts_with("m")) {
      unit_ms = 60'000;
      ++i;
    } else if (rest.starts_with("s")) {
      unit_ms = 1000;
      ++i;
    } else {
      return bad();
    }
    // Each component fits (at most 9 digits); only their sum can overflow.
    if (__builtin_add_overflow(total_ms, n * unit_ms, &total_ms)) return bad();
  }
  return std::chrono::milliseconds(total_ms);
}

std::string format_duration(std::chrono::milliseconds d) {
  long long ms = d.count();
  if (ms < 1000) return std::to_string(ms) + "ms";
  long long s = ms / 1000;
  std::string out;
  if (s >= 3600) out += std::to_string(s / 3600) + "h";
  if (s % 3600 >= 60) out += std::to_string((s % 3600) / 60) + "m";
  if (s % 60 != 0 || out.empty()) {
    if (s < 60 && ms % 1000 != 0) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1fs", static_cast<double>(ms % 60000) / 1000.0);
      out += buf;
    } else {
      out += std::to_string(s % 60) + "s";
    }
  }
  return out;
}

}  // namespace flypin::core
