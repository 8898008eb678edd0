#include "cmd/common/parse_error_text.h"

namespace flypin::cmd {

std::string parse_error_text(const CLI::ParseError& error, const CLI::App& app) {
  const std::string what = error.what();
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&error) == nullptr) return what;
  for (const CLI::Option* option : app.get_options()) {
    const auto given = option->count();
    if (option->get_items_expected_max() == 1 && given > 1) {
      return option->get_name() + " was given " + std::to_string(given) + " times: give it once";
    }
  }
  // A value missing at the end of the line is counted nowhere; CLI11 names the flag first.
  const auto colon = what.find(':');
  if (what.starts_with("-") && colon != std::string::npos) return what.substr(0, colon) + " needs a value";
  return what;
}

}  // namespace flypin::cmd
