#include "cmd/common/flag_values.h"

#include <charconv>

namespace flypin::cmd {
namespace {

// Echoed in an error: short (the log makes it one safe line).
std::string shown(std::string_view text) { return std::string(text.substr(0, 40)) + (text.size() > 40 ? "..." : ""); }

}  // namespace

std::optional<core::Error> require_flag(const std::string& value, const std::string& flag) {
  if (!value.empty()) return std::nullopt;
  return core::Error::usage(flag + " is required");
}

core::Result<int> whole_number_flag(std::string_view text, std::string_view flag, WholeRange range) {
  int value = 0;
  const char* end = text.data() + text.size();
  // from_chars takes a leading '-'; a flag's whole number never has one.
  const bool digits = !text.empty() && text.front() != '-';
  const auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (!digits || ec != std::errc() || stop != end || value < range.min || value > range.max) {
    return core::Error::usage(std::string(flag) + " must be a whole number from " + std::to_string(range.min) + " to " +
                              std::to_string(range.max) + ", got '" + shown(text) + "'");
  }
  return value;
}

core::Status check_choice(std::string_view text, std::string_view flag,
                          std::initializer_list<std::string_view> choices) {
  std::string listed;
  std::size_t i = 0;
  for (auto choice : choices) {
    if (text == choice) return core::ok_status();
    if (++i > 1) listed += i == choices.size() ? " or " : ", ";
    listed += choice;
  }
  return core::Error::usage(std::string(flag) + " must be " + listed + ", got '" + shown(text) + "'");
}

}  // namespace flypin::cmd
