#include "github/api_error.h"

#include <algorithm>

#include "core/json.h"
#include "core/retry.h"

namespace flypin::github {
namespace {

constexpr std::chrono::minutes kSecondaryLimitWait{1};

struct ServerText {
  std::string message;
  std::string documentation_url;
};

ServerText server_text(const std::string& body) {
  auto doc = core::json::parse(body, "GitHub error");
  if (!doc.ok() || !doc->IsObject()) return {};
  return {core::json::get_string(*doc, "message").value_or(""),
          core::json::get_string(*doc, "documentation_url").value_or("")};
}

bool mentions_rate_limit(const std::string& body) {
  std::string lower = server_text(body).message;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower.find("rate limit") != std::string::npos;
}

Problem problem_for(int status) {
  switch (status) {
    case 401:
      return Problem::kUnauthorized;
    case 403:
      return Problem::kNoPermission;
    case 404:
      return Problem::kNotFound;
    case 409:
    case 422:
      return Problem::kInvalid;
    case 429:
      return Problem::kRateLimited;
    default:
      return Problem::kOther;
  }
}

constexpr std::pair<Problem, const char*> kCodes[] = {
    {Problem::kUnauthorized, "github-unauthorized"}, {Problem::kNoPermission, "github-no-permission"},
    {Problem::kNotFound, "github-not-found"},        {Problem::kRateLimited, "github-rate-limited"},
    {Problem::kInvalid, "github-invalid"},
};

}  // namespace

const char* problem_code(Problem problem) {
  for (const auto& [p, code] : kCodes) {
    if (p == problem) return code;
  }
  return "github-other";
}

Problem problem_of(const core::Error& error) {
  for (const auto& code : error.codes) {
    for (const auto& [p, name] : kCodes) {
      if (code == name) return p;
    }
  }
  return Problem::kOther;
}

std::optional<std::chrono::milliseconds> rate_limit_wait(const core::HttpResponse& response, std::int64_t now_unix) {
  if (response.status != 403 && response.status != 429) return std::nullopt;
  const auto& h = response.headers;
  if (h.get("retry-after"))
    return core::server_requested_delay(core::Headers{{"Retry-After", *h.get("retry-after")}}, now_unix);
  if (h.get("x-ratelimit-remaining") == "0") {
    if (auto reset = h.get("x-ratelimit-reset")) {
      return core::server_requested_delay(core::Headers{{"x-ratelimit-reset", *reset}}, now_unix);
    }
  }
  if (response.status == 429 || mentions_rate_limit(response.body)) return kSecondaryLimitWait;
  return std::nullopt;
}

core::Error api_error(const core::HttpRequest& request, const core::HttpResponse& response, const std::string& what,
                      const std::string& credential, Access access) {
  const std::string status = "HTTP " + std::to_string(response.status);
  Problem problem = problem_for(response.status);
  std::string message;
  if (response.status == 403 && rate_limit_wait(response, 0)) problem = Problem::kRateLimited;
  switch (problem) {
    case Problem::kUnauthorized:
      message = std::string(kApiName) + " rejected the token in " + credential + " (" + status + ") while " + what;
      break;
    case Problem::kNoPermission:
      message = std::string(kApiName) + " refused " + what + " (" + status + "): the token in " + credential +
                " lacks the `deployments: " + (access == Access::kWrite ? "write" : "read") + "` permission";
      break;
    case Problem::kRateLimited:
      message = std::string(kApiName) + " rate-limited " + what + " (" + status + ")";
      break;
    default:
      message = std::string(kApiName) + " answered " + status + " while " + what;
  }
  const auto text = server_text(response.body);
  if (!text.message.empty()) message += ": " + text.message;
  if (!text.documentation_url.empty()) message += " (" + text.documentation_url + ")";
  auto e = core::http_error(request, response, message);
  if (problem != Problem::kOther) e.codes.push_back(problem_code(problem));
  return e;
}

}  // namespace flypin::github
