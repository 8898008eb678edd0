#include "emulators/fly/api/api_server.h"

#include <spdlog/spdlog.h>

#include <regex>
#include <thread>

#include "emulators/common/fault_gate.h"
#include "emulators/fly/api/logs_route.h"
#include "emulators/fly/api/reply.h"
#include "emulators/fly/model/machine_json.h"

namespace flypin::emulators::fly {
namespace {

std::string scheme_of(const std::string& authorization) {
  std::string scheme = authorization.substr(0, authorization.find(' '));
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return scheme;
}

std::string query_of(const std::string& target) {
  const auto q = target.find('?');
  return q == std::string::npos ? "" : target.substr(q + 1);
}

bool is_api_path(const std::string& path) { return path.rfind("/v1/", 0) == 0 || path.rfind("/api/v1/", 0) == 0; }

std::string injected_body(int status) { return error_json(status == 408 ? "request timeout" : "injected fault"); }

// What a fault did to the request this worker thread is handling, for the journal
// (httplib runs the gate, the route, the post-routing handler and the logger on one thread).
thread_local std::string t_fault;
thread_local bool t_dropped = false;
thread_local bool t_answered_by_fault = false;

}  // namespace

ApiServer::ApiServer(ApiConfig config, Fleet& fleet, const Variants& variants)
    : config_(std::move(config)), fleet_(fleet), variants_(variants) {
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    t_fault.clear();
    t_dropped = false;
    t_answered_by_fault = false;
    if (!is_api_path(req.path)) return httplib::Server::HandlerResponse::Unhandled;
    return gate(req, res) ? httplib::Server::HandlerResponse::Handled : httplib::Server::HandlerResponse::Unhandled;
  });
  // Faults after the side effect: the route made its change, then the answer is lost or replaced.
  server_.set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!is_api_path(req.path) || t_answered_by_fault) return;
    std::string note;
    if (apply_fault(faults_, FaultPhase::kAfter, req, res, injected_body, note) == FaultOutcome::kDropped)
      t_dropped = true;
    if (!note.empty()) t_fault = note;
  });
  server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    if (req.path.rfind("/_admin", 0) != 0) {
      SeenRequest seen;
      seen.method = req.method;
      seen.path = req.path;
      seen.query = query_of(req.target);
      seen.status = t_dropped ? 0 : res.status;
      seen.fault = t_fault;
      seen.authorization_present = req.has_header("Authorization");
      if (seen.authorization_present) seen.auth_scheme = scheme_of(req.get_header_value("Authorization"));
      journal_.record(std::move(seen));
    }
    spdlog::debug("{} {} -> {}", req.method, req.path, res.status);
  });
  server_.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) res.set_content(error_json(res.status == 404 ? "not found" : "error"), kJson);
  });
  // wait blocks a worker for up to 60 s: leave room for many concurrent waiters.
  server_.new_task_queue = [] { return new httplib::ThreadPool(64); };
  // Answers go out whole: without it, Nagle holds a reply's second write for the client's delayed ACK (40 ms).
  server_.set_tcp_nodelay(true);
  server_.set_read_timeout(5, 0);
  server_.set_write_timeout(5, 0);
  install_machine_routes();
  install_logs_route(server_, fleet_);
  install_admin_routes();
}

bool ApiServer::gate(const httplib::Request& req, httplib::Response& res) {
  switch (apply_fault(faults_, FaultPhase::kBefore, req, res, injected_body, t_fault)) {
    case FaultOutcome::kDropped:
      t_dropped = true;
      t_answered_by_fault = true;
      return true;
    case FaultOutcome::kAnswered:
      t_answered_by_fault = true;
      return true;
    case FaultOutcome::kNone:
      break;
  }
  std::string token = token_of(req);
  if (token.empty() || config_.tokens.count(token) == 0) {
    reply_error(res, 401, "unauthorized");
    return true;
  }
  static const std::regex kApp(R"(^(?:/api)?/v1/apps/([^/]+)/)");
  std::smatch m;
  if (std::regex_search(req.path, m, kApp) && config_.apps.count(m[1].str()) == 0) {
    reply_error(res, 404, "app not found");
    return true;
  }
  if (fleet_.behaviour().rate_limit) {
    const std::string action = action_of(req.method, req.path);
    if (int retry = rate_limited(action) ? limiter_.admit(scope_of(req.path), action) : 0; retry > 0) {
      // No Fly client reads Retry-After and no document promises it (FIDELITY R2): a variant.
      if (fleet_.variants().retry_after == RetryAfter::kSent) res.set_header("Retry-After", std::to_string(retry));
      reply_error(res, 429, "rate limit exceeded");
      return true;
    }
  }
  return false;
}

}  // namespace flypin::emulators::fly
