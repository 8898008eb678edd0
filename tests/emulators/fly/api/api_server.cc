#include "emulators/fly/api/api_server.h"

#include <spdlog/spdlog.h>

#include <regex>
#include <thread>

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

}  // namespace

ApiServer::ApiServer(ApiConfig config, Fleet& fleet) : config_(std::move(config)), fleet_(fleet) {
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (!is_api_path(req.path)) return httplib::Server::HandlerResponse::Unhandled;
    return gate(req, res) ? httplib::Server::HandlerResponse::Handled : httplib::Server::HandlerResponse::Unhandled;
  });
  server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    if (req.path.rfind("/_admin", 0) != 0) {
      SeenRequest seen;
      seen.method = req.method;
      seen.path = req.path;
      seen.query = query_of(req.target);
      seen.status = res.status;
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
  if (auto fault = faults_.take(req.method, req.path)) {
    if (fault->delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(fault->delay_ms));
    if (fault->drop_connection) {
      // Headers go out, then the provider gives up: the client sees a cut connection.
      res.status = 200;
      res.set_chunked_content_provider(kJson, [](size_t, httplib::DataSink&) { return false; });
      return true;
    }
    if (fault->status > 0) {
      reply(res, fault->status, fault->body.empty() ? error_json("injected fault") : fault->body);
      for (const auto& [name, value] : fault->headers) res.set_header(name, value);
      return true;
    }
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
    if (int retry = limiter_.admit(scope_of(req.path), action_of(req.method, req.path)); retry > 0) {
      res.set_header("Retry-After", std::to_string(retry));
      reply_error(res, 429, "rate limit exceeded");
      return true;
    }
  }
  return false;
}

}  // namespace flypin::emulators::fly
