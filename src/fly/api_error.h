#pragma once
// Turning a Fly Machines API error response into a core::Error: the body's
// text is kept as it is, read as fly-go reads it ("message" when there is
// one, else "error": the lease endpoints answer {"status":"error","message",
// "code"}, the rest {"error","status"}), with a plain-words hint for the
// cases people trip over (capacity, credentials).

#include <string>

#include "core/http.h"

namespace flypin::fly {

inline constexpr const char* kApiName = "Fly Machines API";

/// `credential` names where the token came from (e.g. "FLY_API_TOKEN"), never its value.
core::Error api_error(const core::HttpRequest& request, const core::HttpResponse& response, const std::string& what,
                      const std::string& credential);

}  // namespace flypin::fly
