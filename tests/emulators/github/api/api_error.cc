#include "emulators/github/api/api_error.h"

#include "core/json.h"

namespace flypin::emulators::github {

std::string error_body(const ApiError& error, std::string_view documentation_url) {
  std::string out = "{\"message\":" + core::json::quote(error.message);
  if (!error.errors_json.empty()) out += ",\"errors\":" + error.errors_json;
  out += ",\"documentation_url\":" + core::json::quote(documentation_url);
  out += ",\"status\":\"" + std::to_string(error.status) + "\"}";
  return out;
}

ApiResponse error_response(const ApiError& error, std::string_view documentation_url) {
  return ApiResponse{error.status, error_body(error, documentation_url), error.headers};
}

ApiError not_found() { return ApiError{404, "Not Found", "", {}}; }

ApiError validation_failed(std::string errors_json) {
  return ApiError{422, "Validation Failed", std::move(errors_json), {}};
}

}  // namespace flypin::emulators::github
