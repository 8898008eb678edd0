#include "fly/api_error.h"

#include "core/json.h"

namespace flypin::fly {

core::Error api_error(const core::HttpRequest& request, const core::HttpResponse& response, const std::string& what,
                      const std::string& credential) {
  std::string detail;
  std::string code;
  if (auto doc = core::json::parse(response.body, "Fly error"); doc.ok() && doc->IsObject()) {
    detail = core::json::get_string(*doc, "message").value_or("");
    if (detail.empty()) detail = core::json::get_string(*doc, "error").value_or("");
    // "status" is a code in {"error","status"}; in the lease envelope it is just "error", and "code" is the code.
    code = core::json::get_string(*doc, "code").value_or("");
    if (code.empty()) code = core::json::get_string(*doc, "status").value_or("");
    if (code == "error") code.clear();
  }
  std::string message = what + " failed";
  if (!detail.empty()) message += ": " + detail;
  if (detail.find("insufficient_capacity") != std::string::npos || code == "insufficient_capacity") {
    message +=
        " (Fly has no free capacity for this size in this region right now: try another region or size, or retry "
        "later)";
  } else if (response.status == 401 || response.status == 403) {
    message += " (the token from " + credential + " was rejected: check it is valid and has access to this app)";
  }
  auto error = core::http_error(request, response, message);
  if (!code.empty()) error.codes.push_back(code);
  return error;
}

}  // namespace flypin::fly
