#pragma once
// GitHub's answers that are not the one asked for, as data. GitHub writes
// errors as {"message", "documentation_url"[, "errors"][, "status"]}; both
// texts go into the Error's message. The Problem says what a caller decides
// on (pin-image pins anyway when it may not write deployments) and travels in
// Error::codes, so an Error stays a core::Error all the way up.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "core/http.h"

namespace flypin::github {

inline constexpr const char* kApiName = "GitHub API";

enum class Problem {
  kOther,
  kUnauthorized,  // 401: the token is not valid
  kNoPermission,  // 403 that is no rate limit: no `deployments: write` (or read)
  kNotFound,      // 404: unknown repository or deployment, or a token that may not see it
  kRateLimited,   // primary or secondary rate limit, and waiting it out was not allowed
  kInvalid,       // 409/422: GitHub refused the request's content
};

const char* problem_code(Problem problem);
/// kOther for errors that did not come from a GitHub answer.
Problem problem_of(const core::Error& error);

/// Whether a call only reads or also writes, for the wording of a 403.
enum class Access { kRead, kWrite };

/// `what`: "creating a deployment in <env>"; `credential`: "GITHUB_TOKEN", never its value.
core::Error api_error(const core::HttpRequest& request, const core::HttpResponse& response, const std::string& what,
                      const std::string& credential, Access access);

/// How long GitHub asks us to wait before trying again, when `response` is a
/// rate-limit refusal (https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api):
/// `retry-after` seconds; else, with `x-ratelimit-remaining: 0`, until `x-ratelimit-reset`;
/// else for a 429 or a 403 that names a secondary rate limit, one minute.
/// nullopt when the response is not a rate limit (a 403 is then a permission problem).
std::optional<std::chrono::milliseconds> rate_limit_wait(const core::HttpResponse& response, std::int64_t now_unix);

}  // namespace flypin::github
