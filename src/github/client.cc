#include "github/client.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "core/crypto.h"
#include "core/link_header.h"
#include "core/redact.h"
#include "core/retry_policy.h"
#include "core/url.h"
#include "github/deployment_json.h"

namespace flypin::github {
namespace {

using namespace std::chrono_literals;

constexpr int kMaxRedirects = 3;
constexpr int kMaxRateLimitWaits = 5;
// retry-after: 0 must not become a hot loop.
constexpr std::chrono::milliseconds kMinRateLimitWait = 1s;
constexpr std::size_t kWriteMaxBody = 1 * core::kMiB;

// 429 is waited out here (rate_limit_wait knows GitHub's headers); a
// RetryingHttpClient underneath retries the other retryable statuses only,
// so no status is retried in two places.
bool retried_below(int status) { return status != 429 && core::is_retryable_status(status); }

core::RetryPolicy retry_policy() {
  core::RetryPolicy policy;
  policy.retry_status = retried_below;
  return policy;
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// An answer after which a POST may or may not have been carried out.
bool may_have_happened(int status) { return (status >= 200 && status < 300) || status == 408 || status >= 500; }

core::Error off_origin(const std::string& what, const std::string& how, const std::string& url,
                       const std::string& credential) {
  auto e = core::Error::check(std::string(kApiName) + " " + how + " " + core::redact_url(url) + " while " + what +
                              ": not following it with the token in " + credential +
                              " (it goes to the origin of GITHUB_API_URL only)");
  e.api = kApiName;
  return e;
}

}  // namespace

Client::Client(core::HttpClient& http, core::Clock& clock, ClientSettings settings)
    : http_(http), clock_(clock), settings_(std::move(settings)) {
  while (!settings_.api_url.empty() && settings_.api_url.back() == '/') settings_.api_url.pop_back();
  origin_ = core::url_origin(settings_.api_url).value_or("");
  core::register_secret(settings_.token);
}

std::string Client::repo_url(const std::string& rest) const {
  const auto& repo = settings_.repository;
  const auto slash = repo.find('/');
  std::string path = slash == std::string::npos
                         ? core::url_encode(repo)
                         : core::url_encode(repo.substr(0, slash)) + "/" + core::url_encode(repo.substr(slash + 1));
  return settings_.api_url + "/repos/" + path + rest;
}

core::HttpRequest Client::request(const std::string& method, const std::string& url) const {
  core::HttpRequest r;
  r.method = method;
  r.url = url;
  r.api = kApiName;
  r.headers.add("Authorization", "Bearer " + settings_.token);
  r.headers.add("Accept", "application/vnd.github+json");
  r.headers.add("X-GitHub-Api-Version", "2022-11-28");
  r.headers.add("User-Agent", settings_.user_agent);
  r.total_timeout = settings_.timeout;
  r.connect_timeout = std::min(r.connect_timeout, settings_.timeout);
  r.retry = retry_policy();
  return r;
}

core::Result<core::HttpResponse> Client::exchange(core::HttpRequest req, const std::string& what, Access access) {
  std::chrono::milliseconds waited{0};
  int redirects = 0;
  int waits = 0;
  while (true) {
    if (origin_.empty()) {
      auto e = core::Error::usage("GITHUB_API_URL '" + core::redact_url(settings_.api_url) +
                                  "' is not an http(s) URL: not " + what);
      e.api = kApiName;
      return e;
    }
    if (core::url_origin(req.url) != origin_) {
      return off_origin(what, "would be asked at", req.url, settings_.credential);
    }
    auto res = http_.send(req);
    if (!res.ok()) {
      auto error = std::move(res).error();
      if (error.api.empty()) error.api = kApiName;
      if (error.kind != core::ErrorKind::kCancelled) error.message = what + ": " + error.message;
      return error;
    }
    if (auto wait = rate_limit_wait(*res, clock_.unix_seconds())) {
      *wait = std::max(*wait, kMinRateLimitWait);
      if (*wait > settings_.max_rate_limit_wait || waited + *wait > settings_.rate_limit_budget ||
          waits == kMaxRateLimitWaits) {
        auto e = api_error(req, *res, what, settings_.credential, access);
        e.message +=
            "; GitHub asks for a wait of " + std::to_string(wait->count() / 1000) + " s, more than flypin waits";
        return e;
      }
      spdlog::warn("{} is rate-limited by GitHub (HTTP {}); waiting {} s", what, res->status, wait->count() / 1000);
      if (!clock_.sleep_for(*wait)) return core::Error::cancelled();
      waited += *wait;
      ++waits;
      continue;
    }
    if (is_redirect(res->status) && req.method == "GET" && redirects < kMaxRedirects) {
      const auto location = res->headers.get("Location").value_or("");
      const auto next = core::resolve_link(req.url, location);
      if (!next || core::url_origin(*next) != origin_) {
        return off_origin(what, "redirected to", next.value_or(location), settings_.credential);
      }
      req.url = *next;
      ++redirects;
      continue;
    }
    return res;
  }
}

core::Result<std::vector<std::string>> Client::get_pages(std::string url, int max_pages, const std::string& what,
                                                         MorePages& more) {
  std::vector<std::string> bodies;
  more = MorePages::kNo;
  for (int page = 1; page <= max_pages; ++page) {
    auto req = request("GET", url);
    req.max_body = settings_.max_page_body;
    auto res = exchange(req, what, Access::kRead);
    if (!res.ok()) return std::move(res).error();
    if (res->status != 200) return api_error(req, *res, what, settings_.credential, Access::kRead);
    bodies.push_back(std::move(res->body));
    const auto next = core::link_target(res->headers, "next");
    if (!next) return bodies;
    const auto resolved = core::resolve_link(url, *next);
    if (!resolved || core::url_origin(*resolved) != origin_) {
      return off_origin(what, "named the next page at", resolved.value_or(*next), settings_.credential);
    }
    url = *resolved;
  }
  more = MorePages::kYes;
  return bodies;
}

core::Result<DeploymentList> Client::list_deployments(const DeploymentFilter& filter) {
  std::string url = repo_url("/deployments") + "?per_page=" + std::to_string(std::clamp(filter.per_page, 1, 100));
  if (!filter.environment.empty()) url += "&environment=" + core::url_encode(filter.environment);
  if (!filter.sha.empty()) url += "&sha=" + core::url_encode(filter.sha);
  if (!filter.ref.empty()) url += "&ref=" + core::url_encode(filter.ref);
  DeploymentList list;
  auto bodies =
      get_pages(url, std::max(1, filter.max_pages), "listing deployments of " + settings_.repository, list.more);
  if (!bodies.ok()) return std::move(bodies).error();
  for (const auto& body : *bodies) {
    auto page = parse_deployments(body);
    if (!page.ok()) return std::move(page).error();
    std::move(page->begin(), page->end(), std::back_inserter(list.deployments));
  }
  std::stable_sort(list.deployments.begin(), list.deployments.end(),
                   [](const Deployment& a, const Deployment& b) { return a.id > b.id; });
  // Pages that overlap (a deployment created while paging) list one twice: it is one deployment.
  list.deployments.erase(std::unique(list.deployments.begin(), list.deployments.end(),
                                     [](const Deployment& a, const Deployment& b) { return a.id == b.id; }),
                         list.deployments.end());
  return list;
}

core::Result<std::vector<DeploymentStatus>> Client::list_statuses(std::int64_t deployment_id) {
  const std::string what = "listing the statuses of deployment " + std::to_string(deployment_id);
  MorePages more;
  auto bodies =
      get_pages(repo_url("/deployments/" + std::to_string(deployment_id) + "/statuses?per_page=100"), 1, what, more);
  if (!bodies.ok()) return std::move(bodies).error();
  auto statuses = parse_statuses(bodies->front());
  if (!statuses.ok()) return statuses;
  std::stable_sort(statuses->begin(), statuses->end(),
                   [](const DeploymentStatus& a, const DeploymentStatus& b) { return a.id > b.id; });
  return statuses;
}

core::Result<DeploymentStatus> Client::create_status(std::int64_t deployment_id, const NewStatus& status) {
  const std::string what =
      std::string("setting deployment ") + std::to_string(deployment_id) + " to " + state_name(status.state);
  auto req = request("POST", repo_url("/deployments/" + std::to_string(deployment_id) + "/statuses"));
  req.headers.add("Content-Type", "application/json");
  req.body = create_status_body(status);
  req.retry_unsafe = true;
  req.max_body = kWriteMaxBody;
  auto res = exchange(req, what, Access::kWrite);
  if (!res.ok()) return std::move(res).error();
  if (res->status != 201) return api_error(req, *res, what, settings_.credential, Access::kWrite);
  return parse_status(res->body);
}

core::Result<Deployment> Client::find_created(const NewDeployment& deployment, const std::string& marker) {
  auto listed = list_deployments({.environment = deployment.environment, .ref = deployment.ref, .max_pages = 1});
  if (!listed.ok()) return std::move(listed).error();
  for (auto& d : listed->deployments) {
    auto it = d.payload.find(kCreateMarkerKey);
    if (it != d.payload.end() && it->second == marker) return std::move(d);
  }
  return core::Error::not_found("no deployment carries marker " + marker);
}

core::Result<Deployment> Client::create_deployment(const NewDeployment& deployment) {
  const std::string marker = core::random_hex(8);
  const std::string what = "creating a deployment of " + deployment.ref + " in environment " + deployment.environment;
  std::optional<core::Error> lost;
  for (int attempt = 1; attempt <= 2; ++attempt) {
    auto req = request("POST", repo_url("/deployments"));
    req.headers.add("Content-Type", "application/json");
    req.body = create_deployment_body(deployment, marker);
    req.max_body = kWriteMaxBody;
    auto res = exchange(req, what, Access::kWrite);
    if (res.ok() && res->status == 201) {
      auto created = parse_deployment(res->body);
      if (created.ok()) return created;
      lost = std::move(created).error();
    } else if (res.ok()) {
      if (!may_have_happened(res->status)) return api_error(req, *res, what, settings_.credential, Access::kWrite);
      lost = api_error(req, *res, what, settings_.credential, Access::kWrite);
    } else {
      if (res.error().kind == core::ErrorKind::kCancelled || res.error().kind == core::ErrorKind::kCheck ||
          problem_of(res.error()) != Problem::kOther) {
        return std::move(res).error();
      }
      lost = std::move(res).error();
    }
    auto found = find_created(deployment, marker);
    if (found.ok()) return found;
    if (found.error().kind != core::ErrorKind::kNotFound) {
      lost->message += "; whether GitHub recorded the deployment is unknown: " + found.error().describe();
      return *lost;
    }
    spdlog::warn("{}: {}; no deployment was recorded, sending it again", what, lost->describe());
  }
  return *lost;
}

}  // namespace flypin::github
