#pragma once
// GitHub Deployments API client (REST 2022-11-28): record pins as deployments
// with statuses, and read that history back. Calls go through the injected
// HttpClient (a RetryingHttpClient in production: 5xx and transport errors on
// reads are retried there; 429 is not, see below). On top of it this client
// - waits out GitHub's rate limits (403/429 with retry-after, or
//   x-ratelimit-remaining: 0 until x-ratelimit-reset), each wait at most
//   `max_rate_limit_wait` and all waits of one call at most
//   `rate_limit_budget`; a longer one is a kRateLimited error at once;
// - sends the token only to the origin of `api_url`: a `Link` or a redirect
//   that points elsewhere is refused, never followed;
// - creates a deployment at most once per call when an answer is lost (see
//   create_deployment).

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/http.h"
#include "core/version.h"
#include "github/api_error.h"
#include "github/deployment.h"

namespace flypin::github {

inline constexpr const char* kDefaultApiUrl = "https://api.github.com";

struct ClientSettings {
  std::string api_url = kDefaultApiUrl;  // GITHUB_API_URL
  std::string repository;                // "owner/name" (GITHUB_REPOSITORY)
  std::string token;                     // GITHUB_TOKEN; never printed
  std::string credential = "GITHUB_TOKEN";
  std::string user_agent = std::string("flypin/") + core::version();
  std::chrono::milliseconds max_rate_limit_wait{60'000};
  std::chrono::milliseconds rate_limit_budget{90'000};
  /// A list answer larger than this is refused (100 deployments with their payloads fit many times).
  std::size_t max_page_body = 8 * core::kMiB;
  std::chrono::milliseconds timeout{30'000};
};

struct DeploymentFilter {
  std::string environment;  // "" for any
  std::string sha;
  std::string ref;
  int per_page = 100;  // GitHub's maximum
  int max_pages = 10;
};

enum class MorePages { kNo, kYes };

struct DeploymentList {
  std::vector<Deployment> deployments;  // newest first
  MorePages more = MorePages::kNo;      // the page cap stopped the reading before the end
};

class Client {
 public:
  Client(core::HttpClient& http, core::Clock& clock, ClientSettings settings);

  /// POST /repos/{repo}/deployments. The payload carries a marker of this
  /// call (kCreateMarkerKey). When the answer is lost (transport error, 5xx,
  /// an unreadable 2xx) the deployment may exist anyway, so before anything
  /// is sent again the newest deployments of the environment and ref are
  /// searched for the marker; only when it is absent is the POST sent once
  /// more. Limit: a create that GitHub records only after that search (a very
  /// slow write behind a 5xx) can still leave two deployments with one marker.
  core::Result<Deployment> create_deployment(const NewDeployment& deployment);

  /// POST /repos/{repo}/deployments/{id}/statuses. A status sent twice is
  /// harmless (the same state again), so lost answers are retried.
  core::Result<DeploymentStatus> create_status(std::int64_t deployment_id, const NewStatus& status);

  /// GET /repos/{repo}/deployments with the filter, `per_page` a page, following
  /// `Link: rel="next"` up to `filter.max_pages` pages.
  core::Result<DeploymentList> list_deployments(const DeploymentFilter& filter);

  /// GET /repos/{repo}/deployments/{id}/statuses: the newest 100, latest first.
  core::Result<std::vector<DeploymentStatus>> list_statuses(std::int64_t deployment_id);

  const ClientSettings& settings() const { return settings_; }

 private:
  core::HttpRequest request(const std::string& method, const std::string& url) const;
  /// Sends with rate-limit waits and same-origin redirects; a 3xx left is an answer.
  core::Result<core::HttpResponse> exchange(core::HttpRequest request, const std::string& what, Access access);
  core::Result<std::vector<std::string>> get_pages(std::string url, int max_pages, const std::string& what,
                                                   MorePages& more);
  core::Result<Deployment> find_created(const NewDeployment& deployment, const std::string& marker);
  std::string repo_url(const std::string& rest) const;

  core::HttpClient& http_;
  core::Clock& clock_;
  ClientSettings settings_;
  std::string origin_;  // of api_url: the only place the token goes
};

}  // namespace flypin::github
