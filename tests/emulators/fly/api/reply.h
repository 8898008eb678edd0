#pragma once
// How every Fly API answer is written: JSON bodies, {"error": ...} on failure.

#include <httplib.h>

#include <string>

#include "core/result.h"

namespace flypin::emulators::fly {

inline constexpr const char* kJson = "application/json";

void reply(httplib::Response& res, int status, const std::string& body);
void reply_error(httplib::Response& res, int status, const std::string& message);
/// {"ok":true}, or the error with its http_status (500 when it has none).
void reply_status(httplib::Response& res, const core::Status& status);
/// The token after "Bearer " or "FlyV1 ", "" when neither.
std::string token_of(const httplib::Request& req);

}  // namespace flypin::emulators::fly
