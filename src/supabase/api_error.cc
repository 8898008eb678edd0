#include "supabase/api_error.h"

#include "core/json.h"

namespace flypin::supabase {

namespace {
std::string server_message(const std::string& body) {
  auto doc = core::json::parse(body, "error body");
  if (!doc.ok() || !doc->IsObject()) return {};
  if (auto message = core::json::get_string(*doc, "message")) return *message;
  if (auto error = core::json::get_string(*doc, "error")) return *error;
  return {};
}
}  // namespace

core::Error api_error(const core::HttpRequest& request, const core::HttpResponse& response, const std::string& what) {
  const std::string status = std::to_string(response.status);
  std::string message;
  if (response.status == 401) {
    message = std::string(kApiName) + " rejected the credential in " + kTokenVariable + " (HTTP 401) while " + what;
  } else if (response.status == 403) {
    message = std::string(kApiName) + " refused access with the credential in " + kTokenVariable +
              " (HTTP 403: the token lacks permission) while " + what;
  } else if (response.status == 404) {
    message = std::string(kApiName) + " answered HTTP 404 while " + what + " (unknown project?)";
  } else {
    message = std::string(kApiName) + " answered HTTP " + status + " while " + what;
  }
  if (auto detail = server_message(response.body); !detail.empty()) message += ": " + detail;
  return core::http_error(request, response, message);
}

}  // namespace flypin::supabase
