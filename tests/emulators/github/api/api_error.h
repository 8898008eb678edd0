#pragma once
// Error answers shaped as GitHub shapes them:
// {"message": ..., ["errors": [...],] "documentation_url": ..., "status": "422"}.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flypin::emulators::github {

struct ApiError {
  int status = 0;
  std::string message;
  std::string errors_json;  // a raw JSON array, or "" for none
  std::vector<std::pair<std::string, std::string>> headers;
};

/// An answer about to be sent: status, JSON body (empty for 204), headers.
struct ApiResponse {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

inline constexpr const char* kRestDocs = "https://docs.github.com/rest";

std::string error_body(const ApiError& error, std::string_view documentation_url);
ApiResponse error_response(const ApiError& error, std::string_view documentation_url);

ApiError not_found();
/// 422 "Validation Failed" with the given errors array.
ApiError validation_failed(std::string errors_json);

}  // namespace flypin::emulators::github
