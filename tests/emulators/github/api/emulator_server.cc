#include "emulators/github/api/emulator_server.h"

#include <httplib.h>

#include <thread>

#include "core/crypto.h"
#include "core/json.h"
#include "emulators/common/fault_gate.h"
#include "emulators/common/fault_plan.h"
#include "emulators/common/rate_limiter.h"
#include "emulators/common/request_journal.h"
#include "emulators/common/variants.h"
#include "emulators/github/api/api_error.h"
#include "emulators/github/api/deployment_routes.h"
#include "emulators/github/api/query_string.h"
#include "emulators/github/api/route.h"
#include "emulators/github/auth/credentials.h"

namespace flypin::emulators::github {

namespace {

constexpr const char* kUserAgentRequired =
    "Request forbidden by administrative rules. Please make sure your request has a User-Agent header "
    "(https://docs.github.com/en/rest/overview/resources-in-the-rest-api#user-agent-required). Check "
    "https://developer.github.com for other possible causes.";
constexpr const char* kPrimaryLimitDocs =
    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits";
constexpr const char* kApiVersionDocs = "https://docs.github.com/rest/about-the-rest-api/api-versions";
constexpr const char* kDefaultApiVersion = "2022-11-28";

bool supported_api_version(const std::string& version) { return version == "2022-11-28" || version == "2026-03-10"; }

std::string request_id() {
  const std::string hex = core::random_hex(12);
  std::string upper;
  for (char c : hex) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper.substr(0, 4) + ":" + upper.substr(4, 4) + ":" + upper.substr(8, 6) + ":" + upper.substr(14, 10);
}

std::string message_of(const std::string& body) {
  auto doc = core::json::parse(body, "answer");
  if (!doc.ok() || !doc->IsObject()) return "";
  return core::json::get_string(*doc, "message").value_or("");
}

// One API request from arrival to answer, and its journal entry.
class Exchange {
 public:
  Exchange(const httplib::Request& req, httplib::Response& res, emulators::RequestJournal& journal)
      : req_(req), res_(res), journal_(journal) {
    const auto q = req.target.find('?');
    seen_.method = req.method;
    seen_.path = req.path;
    seen_.query = q == std::string::npos ? "" : req.target.substr(q + 1);
    seen_.authorization_present = req.has_header("Authorization");
    seen_.body = req.body;
    for (const char* name : {"User-Agent", "Accept", "X-GitHub-Api-Version", "Content-Type"}) {
      if (req.has_header(name)) {
        std::string lower = name;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        seen_.headers.emplace_back(lower, req.get_header_value(name));
      }
    }
    res_.set_header("X-GitHub-Request-Id", request_id());
  }

  emulators::SeenRequest& seen() { return seen_; }
  void header(const std::string& name, const std::string& value) { res_.set_header(name, value); }

  /// The answer; with `after`, a fault armed for after the side effect may then replace or drop it.
  void answer(const ApiResponse& response, std::string rejection = {}, emulators::FaultPlan* after = nullptr) {
    res_.status = response.status;
    for (const auto& [name, value] : response.headers) res_.set_header(name, value);
    if (!response.body.empty()) {
      res_.set_content(response.body, response.body.starts_with('{') || response.body.starts_with('[')
                                          ? "application/json; charset=utf-8"
                                          : "text/plain; charset=utf-8");
    }
    if (rejection.empty() && response.status >= 400) rejection = message_of(response.body);
    seen_.rejection = std::move(rejection);
    if (after && emulators::apply_fault(*after, emulators::FaultPhase::kAfter, req_, res_, injected_body,
                                        seen_.fault) == emulators::FaultOutcome::kDropped)
      return dropped();
    seen_.status = res_.status;
    journal_.record(std::move(seen_));
  }

  void dropped() {
    seen_.status = 0;
    journal_.record(std::move(seen_));
  }

  void record() { journal_.record(std::move(seen_)); }

  static std::string injected_body(int status) {
    return error_body(ApiError{status, "Injected fault", "", {}}, kRestDocs);
  }

 private:
  const httplib::Request& req_;
  httplib::Response& res_;
  emulators::RequestJournal& journal_;
  emulators::SeenRequest seen_;
};

}  // namespace

Variants github_variant_catalogue() {
  return Variants({
      {"auto-inactive-scope",
       {"non-production-only", "production-too"},
       "whether a success also inactivates earlier production deployments (D6, D7: the docs say non-production)"},
      {"delete-active-scope",
       {"environment", "repository"},
       "where \"more than one deployment\" is counted for a delete (D10: the error text and the docs differ)"},
      {"list-order", {"newest-first", "oldest-first"}, "the order of deployments and statuses (D11: undocumented)"},
  });
}

void apply_variants(const Variants& chosen, StoreConfig& store) {
  store.auto_inactive_scope = chosen.is("auto-inactive-scope", "production-too") ? AutoInactiveScope::kProductionToo
                                                                                 : AutoInactiveScope::kNonProduction;
  store.delete_scope =
      chosen.is("delete-active-scope", "repository") ? DeleteScope::kRepository : DeleteScope::kEnvironment;
  store.list_order = chosen.is("list-order", "oldest-first") ? ListOrder::kOldestFirst : ListOrder::kNewestFirst;
}

EmulatorServer::EmulatorServer(EmulatorConfig config, const Variants& variants)
    : config_(std::move(config)),
      variants_(variants),
      server_(std::make_unique<httplib::Server>()),
      store_(std::make_unique<DeploymentStore>(config_.store)),
      limiter_(std::make_unique<emulators::RateLimiter>(config_.rate_limit, config_.rate_window)),
      faults_(std::make_unique<emulators::FaultPlan>()),
      secondary_limits_(std::make_unique<emulators::FaultPlan>()),
      journal_(std::make_unique<emulators::RequestJournal>()) {
  server_->set_payload_max_length(1 << 20);
  // httplib writes headers and body apart: with Nagle's algorithm the body waits for the
  // client's delayed ACK, some 40 ms a request on loopback.
  server_->set_tcp_nodelay(true);
  install_admin_routes();
  auto api = [this](const httplib::Request& req, httplib::Response& res) { handle_api(req, res); };
  server_->Get(".*", api);
  server_->Post(".*", api);
  server_->Put(".*", api);
  server_->Patch(".*", api);
  server_->Delete(".*", api);
}

EmulatorServer::~EmulatorServer() = default;

int EmulatorServer::bind() {
  const int port = config_.port == 0 ? server_->bind_to_any_port(config_.host.c_str())
                                     : (server_->bind_to_port(config_.host.c_str(), config_.port) ? config_.port : -1);
  if (port > 0) base_url_ = "http://" + config_.host + ":" + std::to_string(port);
  return port;
}

void EmulatorServer::serve() { server_->listen_after_bind(); }
void EmulatorServer::stop() { server_->stop(); }
std::string EmulatorServer::state_error() const { return store_->last_error(); }

void EmulatorServer::handle_api(const httplib::Request& req, httplib::Response& res) {
  Exchange ex(req, res, *journal_);

  switch (emulators::apply_fault(*faults_, emulators::FaultPhase::kBefore, req, res, Exchange::injected_body,
                                 ex.seen().fault)) {
    case emulators::FaultOutcome::kDropped:
      return ex.dropped();
    case emulators::FaultOutcome::kAnswered:
      ex.seen().status = res.status;
      ex.seen().rejection = "injected fault";
      return ex.record();
    case emulators::FaultOutcome::kNone:
      break;
  }

  if (req.get_header_value("User-Agent").empty()) {
    return ex.answer(ApiResponse{403, kUserAgentRequired, {}}, "no User-Agent");
  }
  const std::string version = req.get_header_value("X-GitHub-Api-Version");
  if (req.has_header("X-GitHub-Api-Version") && !supported_api_version(version)) {
    return ex.answer(error_response(
        ApiError{400, "Unsupported 'X-GitHub-Api-Version' header value: " + version, "", {}}, kApiVersionDocs));
  }
  ex.header("X-GitHub-Api-Version-Selected", version.empty() ? kDefaultApiVersion : version);
  ex.header("X-GitHub-Media-Type", "github.v3; format=json");

  const Credentials credentials =
      read_credentials(req.get_header_value("Authorization"), ex.seen().authorization_present);
  ex.seen().auth_scheme = credentials.scheme;
  const TokenGrant* grant = nullptr;
  for (const auto& candidate : config_.tokens) {
    if (!credentials.token.empty() && candidate.token == credentials.token) grant = &candidate;
  }

  const auto rate = grant ? limiter_->take("token " + grant->token)
                          : limiter_->take("address " + req.remote_addr, config_.anonymous_rate_limit);
  ex.header("x-ratelimit-limit", std::to_string(rate.limit));
  ex.header("x-ratelimit-remaining", std::to_string(rate.remaining));
  ex.header("x-ratelimit-reset", std::to_string(rate.reset_epoch));
  ex.header("x-ratelimit-used", std::to_string(rate.used));
  ex.header("x-ratelimit-resource", "core");
  if (!rate.allowed) {
    const std::string message =
        grant ? "API rate limit exceeded for installation ID " + std::to_string(grant->installation_id) + "."
              : "API rate limit exceeded for " + req.remote_addr +
                    ". (But here's the good news: Authenticated requests get a higher rate limit. Check out the "
                    "documentation for more details.)";
    return ex.answer(error_response(ApiError{403, message, "", {}}, kPrimaryLimitDocs), "primary rate limit");
  }
  if (credentials.present && !grant) {
    return ex.answer(error_response(ApiError{401, "Bad credentials", "", {}}, kRestDocs), "bad credentials");
  }
  if (auto limited = secondary_limits_->take(req.method, req.path)) {
    return ex.answer(ApiResponse{limited->status, limited->body, limited->headers}, "secondary rate limit");
  }

  const auto route = match_route(req.method, req.path);
  if (!route) return ex.answer(error_response(not_found(), kRestDocs), "no such operation");
  const auto doc = documentation_url(route->endpoint);
  const auto repo = store_->find(route->repo);
  // Repositories are private: to a caller without a token they do not exist.
  if (!repo || !grant) return ex.answer(error_response(not_found(), doc), "unknown repository");
  if (!permits(grant->deployments, permission_needed(route->endpoint))) {
    return ex.answer(error_response(ApiError{403, "Resource not accessible by integration", "", {}}, doc),
                     "token lacks the deployments permission");
  }
  const QueryString query(ex.seen().query);
  ex.answer(handle_deployments_api(*store_, base_url_, ApiRequest{*route, *repo, query, req.body}), {}, faults_.get());
}

}  // namespace flypin::emulators::github
