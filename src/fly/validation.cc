#include "fly/validation.h"

#include <string>

#include "core/log_line.h"

namespace flypin::fly {
namespace {

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

core::Status validate_app_name(std::string_view app) {
  bool ok = !app.empty() && app.size() <= 63 && app.front() != '-' && app.back() != '-';
  for (char c : app) ok = ok && (is_lower(c) || is_digit(c) || c == '-');
  if (!ok) {
    return core::Error::usage(
        "invalid Fly app name '" + std::string(app.substr(0, 80)) +
        "': use 1 to 63 lowercase letters, digits and dashes, not starting or ending with a dash");
  }
  return core::ok_status();
}

core::Status validate_region(std::string_view region) {
  bool ok = region.size() == 3;
  for (char c : region) ok = ok && is_lower(c);
  if (!ok) {
    return core::Error::usage("invalid Fly region '" + std::string(region.substr(0, 80)) +
                              "': use a three-letter region code such as sin, iad or ams");
  }
  return core::ok_status();
}

bool is_machine_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!is_lower(c) && !is_digit(c)) return false;
  }
  return true;
}

core::Error not_a_machine_id(std::string_view id, std::string_view where) {
  core::Error e;
  e.kind = core::ErrorKind::kDecode;
  e.api = "Fly Machines API";
  e.message = "'" + core::one_log_line(id.substr(0, 80)) + "' in " + std::string(where) +
              " is not a machine id (1 to 64 lowercase letters and digits): refusing to act on it";
  return e;
}

bool is_lease_nonce(std::string_view nonce) {
  if (nonce.empty() || nonce.size() > 256) return false;
  for (char c : nonce) {
    if (c < 0x21 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace flypin::fly
