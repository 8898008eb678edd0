#include "emulators/fly/api/wait_route.h"

#include <cstdlib>
#include <sstream>

#include "emulators/fly/api/reply.h"
#include "emulators/fly/model/create_request.h"

namespace flypin::emulators::fly {
namespace {

bool known_state(const std::string& s) {
  return s == "started" || s == "stopped" || s == "suspended" || s == "destroyed" || s == "failed";
}

core::Error bad(const std::string& message) { return core::Error::usage(message); }

}  // namespace

core::Result<WaitQuery> parse_wait_query(const httplib::Request& req) {
  WaitQuery q;
  if (req.has_param("timeout")) {
    const std::string t = req.get_param_value("timeout");
    const bool numeric = !t.empty() && t.find_first_not_of("0123456789") == std::string::npos;
    long long seconds = 0;
    if (numeric) {
      seconds = t.size() > 6 ? 1'000'000 : std::atoll(t.c_str());
    } else if (auto parsed = parse_go_duration(t)) {
      seconds = parsed->count() / 1000;
    } else {
      return bad("invalid_argument: invalid timeout \"" + t + "\"");
    }
    // The API enforces [1s, 1m0s] (FIDELITY W2).
    if (seconds < 1 || seconds > 60) return bad("invalid_argument: timeout " + t + " is outside [1s, 1m0s]");
    q.timeout = std::chrono::seconds(seconds);
  }
  for (size_t i = 0; i < req.get_param_value_count("state"); ++i) {
    std::stringstream in(req.get_param_value("state", i));
    for (std::string s; std::getline(in, s, ',');)
      if (!s.empty()) q.states.push_back(s);
  }
  if (q.states.empty()) q.states.push_back("started");
  for (const auto& s : q.states) {
    if (s == "settled") {
      q.states.insert(q.states.end(), {"started", "stopped", "suspended", "failed", "destroyed"});
      break;
    }
    if (!known_state(s)) return bad("invalid state \"" + s + "\"");
  }
  q.instance_id = req.has_param("version") ? req.get_param_value("version") : req.get_param_value("instance_id");
  return q;
}

void install_wait_route(httplib::Server& server, Fleet& fleet, const std::string& machine_path) {
  server.Get(machine_path + "/wait", [&fleet](const httplib::Request& req, httplib::Response& res) {
    auto query = parse_wait_query(req);
    if (!query.ok()) return reply_error(res, 400, query.error().message);
    auto outcome = fleet.wait(req.matches[1], req.matches[2], query->states, query->timeout, query->instance_id);
    if (!outcome.found) return reply_error(res, 404, "machine not found");
    if (!outcome.reached) {
      // The text observed from the real API (FIDELITY E5).
      return reply_error(res, 408,
                         "deadline_exceeded: machine failed to reach desired state, " + query->states.front() +
                             ", currently " + outcome.current_state);
    }
    reply(res, 200, "{\"ok\":true}");
  });
}

}  // namespace flypin::emulators::fly
