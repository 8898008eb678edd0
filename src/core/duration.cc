#include "core/duration.h"

#include <algorithm>
#include <string>

namespace flypin::core {
namespace {

// Bad input is echoed, but never at length.
std::string shown(std::string_view text) {
  constexpr size_t kShown = 32;
  return text.size() <= kShown ? std::string(text) : std::string(text.substr(0, kShown)) + "...";
}

}  // namespace

Result<std::chrono::milliseconds> parse_duration(std::string_view text, DurationBounds bounds) {
  auto bad = [&] {
    return Error::usage("invalid duration '" + shown(text) + "': use forms like 90s, 5m, 1m30s or bare seconds");
  };
  auto out_of_range = [&] {
    return Error::usage("duration '" + shown(text) + "' is out of range: it must be from " +
                        format_duration(bounds.min) + " to " + format_duration(bounds.max));
  };
  if (text.empty()) return bad();
  // Every component has at most 9 digits (under 3.6e15 ms in hours) and the sum
  // stops as soon as it passes the bound, so nothing here can overflow.
  const long long ceiling = static_cast<long long>(DurationBounds{}.max.count());
  const long long limit = std::min(static_cast<long long>(bounds.max.count()), ceiling);
  bool all_digits = text.find_first_not_of("0123456789") == std::string_view::npos;
  long long total_ms = 0;
  if (all_digits) {
    if (text.size() > 9) return out_of_range();
    total_ms = std::stoll(std::string(text)) * 1000;
  } else {
    size_t i = 0;
    while (i < text.size()) {
      size_t start = i;
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
      if (i == start) return bad();
      if (i - start > 9) return out_of_range();
      long long n = std::stoll(std::string(text.substr(start, i - start)));
      std::string_view rest = text.substr(i);
      if (rest.starts_with("ms")) {
        total_ms += n;
        i += 2;
      } else if (rest.starts_with("h")) {
        total_ms += n * 3'600'000;
        ++i;
      } else if (rest.starts_with("m")) {
        total_ms += n * 60'000;
        ++i;
      } else if (rest.starts_with("s")) {
        total_ms += n * 1000;
        ++i;
      } else {
        return bad();
      }
      if (total_ms > limit) {
        // Keep reading only to tell garbage from a number that is too large.
        while (i < text.size() && std::string_view("0123456789hms").find(text[i]) != std::string_view::npos) ++i;
        return i == text.size() ? out_of_range() : bad();
      }
    }
  }
  if (total_ms < bounds.min.count() || total_ms > limit) return out_of_range();
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
