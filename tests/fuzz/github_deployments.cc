// GitHub Deployments API bodies (src/github/deployment_json): deployments, statuses,
// and an error answer's rate-limit reading (first byte: the HTTP status's last digit).
#include <cstdint>
#include <string>
#include <string_view>

#include "github/api_error.h"
#include "github/deployment_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)flypin::github::parse_deployment(body);
  (void)flypin::github::parse_deployments(body);
  (void)flypin::github::parse_status(body);
  (void)flypin::github::parse_statuses(body);
  if (size > 0) {
    flypin::core::HttpResponse res{.status = (data[0] & 1) ? 403 : 429, .body = std::string(body.substr(1))};
    (void)flypin::github::rate_limit_wait(res, 1'800'000'000);
  }
  return 0;
}
