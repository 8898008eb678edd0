#include "supabase/validation.h"

#include <string>

namespace flypin::supabase {

namespace {
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
}  // namespace

core::Status validate_project_ref(std::string_view ref) {
  // Say what is wrong with it: its length, or the first character that is no lowercase letter.
  if (ref.size() != 20) {
    return core::Error::usage("invalid Supabase project ref: it must be 20 lowercase letters, not " +
                              std::to_string(ref.size()) + " characters");
  }
  for (std::size_t i = 0; i < ref.size(); ++i) {
    if (!is_lower(ref[i])) {
      const bool printable = ref[i] > ' ' && ref[i] < 0x7f;
      return core::Error::usage("invalid Supabase project ref: it must be 20 lowercase letters, and character " +
                                std::to_string(i + 1) + (printable ? " ('" + std::string(1, ref[i]) + "')" : "") +
                                " is not one");
    }
  }
  return core::ok_status();
}

core::Status validate_secret_name(std::string_view name) {
  if (name.empty()) return core::Error::usage("invalid secret name: it must not be empty");
  if (name.size() > kMaxSecretNameLength) {
    return core::Error::usage("invalid secret name: it must be at most 256 characters");
  }
  if (name.starts_with("SUPABASE_")) {
    return core::Error::usage("invalid secret name '" + std::string(name) +
                              "': names starting with SUPABASE_ are reserved by Supabase");
  }
  if (is_digit(name.front())) {
    return core::Error::usage("invalid secret name '" + std::string(name) + "': it must not start with a digit");
  }
  for (char c : name) {
    if (!is_lower(c) && !is_upper(c) && !is_digit(c) && c != '_') {
      return core::Error::usage("invalid secret name '" + std::string(name) +
                                "': only letters, digits and underscore are allowed");
    }
  }
  return core::ok_status();
}

core::Status validate_secret_value(std::string_view name, std::string_view value) {
  if (value.size() > kMaxSecretValueLength) {
    return core::Error::usage("value of secret '" + std::string(name) + "' is " + std::to_string(value.size()) +
                              " bytes; the API accepts at most 24576");
  }
  return core::ok_status();
}

}  // namespace flypin::supabase
