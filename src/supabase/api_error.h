#pragma once
// Turns an unexpected Management API response into an Error that names the
// API, the status and, for 401/403, the credential that was used.

#include <string>

#include "core/http.h"

namespace flypin::supabase {

inline constexpr const char* kApiName = "Supabase Management API";
inline constexpr const char* kTokenVariable = "SUPABASE_ACCESS_TOKEN";

/// `what` says what was attempted, e.g. "listing secrets of project abc...".
core::Error api_error(const core::HttpRequest& request, const core::HttpResponse& response, const std::string& what);

}  // namespace flypin::supabase
