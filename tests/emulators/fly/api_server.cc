#include "api_server.h"

#include <spdlog/spdlog.h>

#include <regex>
#include <sstream>
#include <thread>

#include "core/json.h"
#include "machine_json.h"

namespace flypin::flyemu {
namespace {

constexpr const char* kJson = "application/json";

void reply(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, kJson);
}

void reply_error(httplib::Response& res, int status, const std::string& message) {
  reply(res, status, error_json(message));
}

void reply_status(httplib::Response& res, const core::Status& st) {
  if (st.ok()) return reply(res, 200, "{\"ok\":true}");
  reply_error(res, st.error().http_status > 0 ? st.error().http_status : 500, st.error().message);
}

// The action a /v1 request counts against for rate limiting.
std::string action_of(const std::string& method, const std::string& path) {
  static const std::regex kMachine(R"(^/v1/apps/[^/]+/machines/[^/]+(?:/([a-z_]+))?$)");
  std::smatch m;
  if (std::regex_match(path, m, kMachine)) {
    std::string sub = m[1].matched ? m[1].str() : "";
    if (!sub.empty()) return sub;
    return method == "DELETE" ? "delete" : method == "GET" ? "get" : "update";
  }
  return method == "POST" ? "create" : "list";
}

std::string bearer_of(const httplib::Request& req) {
  std::string auth = req.get_header_value("Authorization");
  for (const char* scheme : {"Bearer ", "FlyV1 "}) {
    std::string s = scheme;
    if (auth.size() > s.size() && auth.compare(0, s.size(), s) == 0) return auth.substr(s.size());
  }
  return "";
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, sep);)
    if (!part.empty()) out.push_back(part);
  return out;
}

bool truthy(const std::string& v) { return v == "true" || v == "1"; }

}  // namespace

ApiServer::ApiServer(ApiConfig config, Fleet& fleet) : config_(std::move(config)), fleet_(fleet) {
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (req.path.rfind("/v1/", 0) != 0) return httplib::Server::HandlerResponse::Unhandled;
    return gate(req, res) ? httplib::Server::HandlerResponse::Handled : httplib::Server::HandlerResponse::Unhandled;
  });
  server_.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    if (req.path.rfind("/_admin", 0) != 0) traffic_.record(req.method, req.path, res.status);
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
  install_admin_routes();
}

bool ApiServer::gate(const httplib::Request& req, httplib::Response& res) {
  if (auto fault = traffic_.take_fault(req.method, req.path)) {
    if (fault->delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(fault->delay_ms));
    if (fault->drop_connection) {
      // Headers go out, then the provider gives up: the client sees a cut connection.
      res.status = 200;
      res.set_chunked_content_provider(kJson, [](size_t, httplib::DataSink&) { return false; });
      return true;
    }
    if (fault->status > 0) {
      reply(res, fault->status, fault->body.empty() ? error_json("injected fault") : fault->body);
      return true;
    }
  }
  std::string token = bearer_of(req);
  if (token.empty() || config_.tokens.count(token) == 0) {
    reply_error(res, 401, "unauthorized");
    return true;
  }
  static const std::regex kApp(R"(^/v1/apps/([^/]+)/)");
  std::smatch m;
  if (std::regex_search(req.path, m, kApp) && config_.apps.count(m[1].str()) == 0) {
    reply_error(res, 404, "app not found");
    return true;
  }
  if (fleet_.behaviour().rate_limit) {
    if (int retry = limiter_.admit(token, action_of(req.method, req.path)); retry > 0) {
      res.set_header("Retry-After", std::to_string(retry));
      reply_error(res, 429, "rate limit exceeded");
      return true;
    }
  }
  return false;
}

void ApiServer::install_machine_routes() {
  const std::string machines = R"(/v1/apps/([^/]+)/machines)";
  const std::string machine = machines + R"(/([^/]+))";

  server_.Post(machines, [this](const httplib::Request& req, httplib::Response& res) {
    auto parsed = parse_create_request(req.body);
    if (!parsed.ok()) return reply_error(res, 400, parsed.error().message);
    auto created = fleet_.create(req.matches[1], std::move(*parsed));
    if (!created.ok()) return reply_error(res, created.error().http_status, created.error().message);
    reply(res, 200, machine_json(*created));
  });

  server_.Get(machines, [this](const httplib::Request& req, httplib::Response& res) {
    auto include = truthy(req.get_param_value("include_deleted")) ? IncludeDeleted::kYes : IncludeDeleted::kNo;
    auto states = split(req.get_param_value("state"), ',');
    std::string region = req.get_param_value("region");
    std::vector<Machine> out;
    for (auto& m : fleet_.list(req.matches[1], include)) {
      if (!region.empty() && m.region != region) continue;
      if (!states.empty() && std::find(states.begin(), states.end(), m.state) == states.end()) continue;
      bool metadata_ok = true;
      for (const auto& [key, value] : req.params) {
        if (key.rfind("metadata.", 0) != 0) continue;
        auto it = m.metadata.find(key.substr(9));
        metadata_ok = metadata_ok && it != m.metadata.end() && it->second == value;
      }
      if (metadata_ok) out.push_back(std::move(m));
    }
    auto detail = truthy(req.get_param_value("summary")) ? Detail::kSummary : Detail::kFull;
    reply(res, 200, machines_json(out, detail));
  });

  server_.Get(machine, [this](const httplib::Request& req, httplib::Response& res) {
    auto m = fleet_.get(req.matches[1], req.matches[2]);
    if (!m) return reply_error(res, 404, "machine not found");
    reply(res, 200, machine_json(*m));
  });

  server_.Get(machine + "/events", [this](const httplib::Request& req, httplib::Response& res) {
    auto m = fleet_.get(req.matches[1], req.matches[2]);
    if (!m) return reply_error(res, 404, "machine not found");
    reply(res, 200, events_json(*m));
  });

  server_.Get(machine + "/wait", [this](const httplib::Request& req, httplib::Response& res) {
    int timeout = 60;
    if (req.has_param("timeout")) {
      std::string t = req.get_param_value("timeout");
      auto parsed = parse_go_duration(t);
      bool numeric = !t.empty() && t.find_first_not_of("0123456789") == std::string::npos;
      if (numeric)
        timeout = std::atoi(t.c_str());
      else if (parsed)
        timeout = static_cast<int>(parsed->count() / 1000);
      else
        return reply_error(res, 400, "invalid timeout \"" + t + "\"");
      if (timeout < 1 || timeout > 60)
        return reply_error(res, 400, "invalid timeout: must be between 1 and 60 seconds");
    }
    std::vector<std::string> states;
    for (size_t i = 0; i < req.get_param_value_count("state"); ++i)
      for (auto& s : split(req.get_param_value("state", i), ',')) states.push_back(s);
    if (states.empty()) states.push_back("started");
    for (const auto& s : states) {
      if (s == "settled") {
        states.insert(states.end(), {"started", "stopped", "suspended", "failed", "destroyed"});
        break;
      }
      if (s != "started" && s != "stopped" && s != "suspended" && s != "destroyed" && s != "failed")
        return reply_error(res, 400, "invalid state \"" + s + "\"");
    }
    std::string instance =
        req.has_param("version") ? req.get_param_value("version") : req.get_param_value("instance_id");
    auto outcome = fleet_.wait(req.matches[1], req.matches[2], states, std::chrono::seconds(timeout), instance);
    if (!outcome.found) return reply_error(res, 404, "machine not found");
    if (!outcome.reached) {
      return reply_error(res, 408,
                         "deadline_exceeded: machine failed to reach desired state, " + states.front() +
                             ", current state: " + outcome.current_state);
    }
    reply(res, 200, "{\"ok\":true}");
  });

  server_.Post(machine + "/stop", [this](const httplib::Request& req, httplib::Response& res) {
    reply_status(res, fleet_.stop(req.matches[1], req.matches[2]));
  });
  server_.Post(machine + "/start", [this](const httplib::Request& req, httplib::Response& res) {
    auto previous = fleet_.start(req.matches[1], req.matches[2]);
    if (!previous.ok()) return reply_status(res, previous.error());
    reply(res, 200, core::json::FlatObject().add("previous_state", *previous).str());
  });
  server_.Post(machine + "/restart", [this](const httplib::Request& req, httplib::Response& res) {
    reply_status(res, fleet_.restart(req.matches[1], req.matches[2]));
  });
  server_.Delete(machine, [this](const httplib::Request& req, httplib::Response& res) {
    // The spec names it force; flyctl and fly-admin send kill.
    bool forced = truthy(req.get_param_value("force")) || truthy(req.get_param_value("kill"));
    auto force = forced ? Force::kYes : Force::kNo;
    reply_status(res, fleet_.destroy(req.matches[1], req.matches[2], force));
  });
}

}  // namespace flypin::flyemu
