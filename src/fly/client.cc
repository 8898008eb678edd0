#include "fly/client.h"

#include <algorithm>
#include <set>

#include "core/interrupt.h"
#include "core/json.h"
#include "core/redact.h"
#include "core/retry_policy.h"
#include "core/url.h"
#include "fly/api_error.h"
#include "fly/authorization.h"
#include "fly/validation.h"

namespace flypin::fly {

using namespace std::chrono_literals;

const char* state_name(DesiredState state) {
  switch (state) {
    case DesiredState::kStarted:
      return "started";
    case DesiredState::kStopped:
      return "stopped";
    case DesiredState::kDestroyed:
      return "destroyed";
  }
  return "started";
}

Client::Client(core::HttpClient& http, core::Clock& clock, ClientSettings settings)
    : http_(http), clock_(clock), settings_(std::move(settings)) {
  while (!settings_.base_url.empty() && settings_.base_url.back() == '/') settings_.base_url.pop_back();
}

std::string Client::machines_path(const std::string& app) const {
  return "/v1/apps/" + core::url_encode(app) + "/machines";
}

core::HttpRequest Client::request(const std::string& method, const std::string& path) const {
  core::HttpRequest r;
  r.method = method;
  r.url = settings_.base_url + path;
  r.api = kApiName;
  r.headers.add("Authorization", authorization_header(settings_.token));
  r.headers.add("Accept", "application/json");
  r.total_timeout = 30s;
  r.retry = settings_.retry;
  return r;
}

core::Result<core::HttpResponse> Client::send(const core::HttpRequest& req, const std::string& what) {
  auto response = http_.send(req);
  if (!response.ok()) {
    auto error = std::move(response).error();
    if (error.api.empty()) error.api = kApiName;
    if (error.kind != core::ErrorKind::kCancelled) error.message = what + " failed: " + error.message;
    return error;
  }
  return response;
}

core::Result<Machine> Client::create(const std::string& app, const CreateMachineRequest& create) {
  auto req = request("POST", machines_path(app));
  req.headers.add("Content-Type", "application/json");
  req.body = to_json(create);
  // Never retried here: a create that failed may have happened anyway, and
  // only the caller can find out before sending another (fly/guarded_create.h).
  req.retry_unsafe = false;
  auto response = send(req, "create machine");
  if (!response.ok()) return response.error();
  if (!response->success()) return api_error(req, *response, "create machine " + create.name, settings_.credential);
  auto machine = parse_machine_json(response->body);
  if (machine.ok() && is_machine_id(machine->id)) return machine;
  // A 2xx means the machine was created; we just cannot tell which one it is.
  auto error =
      core::http_error(req, *response,
                       "create machine " + create.name + ": the API answered HTTP " + std::to_string(response->status) +
                           (machine.ok() ? " without a usable machine id" : " with a body that is not a machine"));
  error.kind = core::ErrorKind::kDecode;
  return error;
}

core::Result<Machine> Client::get(const std::string& app, const std::string& id) {
  if (!is_machine_id(id)) return not_a_machine_id(id, "a request for a machine");
  auto req = request("GET", machines_path(app) + "/" + core::url_encode(id));
  auto response = send(req, "get machine " + id);
  if (!response.ok()) return response.error();
  if (response->status == 404) {
    auto error = api_error(req, *response, "get machine " + id, settings_.credential);
    error.kind = core::ErrorKind::kNotFound;
    return error;
  }
  if (!response->success()) return api_error(req, *response, "get machine " + id, settings_.credential);
  return parse_machine_json(response->body);
}

core::Result<std::vector<Machine>> Client::list(const std::string& app,
                                                const std::map<std::string, std::string>& metadata,
                                                IncludeDeleted include_deleted, ListDetail detail) {
  std::string path =
      machines_path(app) + "?include_deleted=" + (include_deleted == IncludeDeleted::kYes ? "true" : "false");
  if (detail == ListDetail::kSummary) path += "&summary=true";
  for (const auto& [k, v] : metadata) path += "&metadata." + core::url_encode(k) + "=" + core::url_encode(v);
  auto req = request("GET", path);
  auto response = send(req, "list machines");
  if (!response.ok()) return response.error();
  if (!response->success()) return api_error(req, *response, "list machines of app " + app, settings_.credential);
  auto machines = parse_machine_list_json(response->body);
  if (!machines.ok()) return machines.error();
  // Ids are input: one that is not an id ends the list's use, and a machine
  // listed twice is one machine (else it would be counted twice and race for
  // its own lease).
  std::set<std::string> seen;
  for (const auto& m : *machines) {
    if (!is_machine_id(m.id)) {
      auto error = not_a_machine_id(m.id, "the machine list of app " + app);
      error.method = req.method;
      error.url = core::redact_url(req.url);
      error.http_status = response->status;
      return error;
    }
  }
  std::erase_if(*machines, [&](const Machine& m) { return !seen.insert(m.id).second; });
  // A summary has no config, so no metadata to check again: the API's filter is all there is.
  if (detail == ListDetail::kSummary) return machines;
  std::erase_if(*machines, [&](const Machine& m) {
    return std::any_of(metadata.begin(), metadata.end(), [&](const auto& kv) {
      auto it = m.config.metadata.find(kv.first);
      return it == m.config.metadata.end() || it->second != kv.second;
    });
  });
  return machines;
}

namespace {

// While waiting, 408 is the endpoint's "not yet", never a failure to retry.
bool retry_while_waiting(int status) { return status != 408 && core::is_retryable_status(status); }

core::Error wait_timed_out(const std::string& what, const std::string& last) {
  core::Error e;
  e.kind = core::ErrorKind::kTimeout;
  e.api = kApiName;
  e.message = what + ": timed out" + (last.empty() ? "" : " (last: " + last + ")");
  return e;
}

}  // namespace

core::Status Client::wait(const std::string& app, const std::string& id, const WaitOptions& options) {
  if (!is_machine_id(id)) return not_a_machine_id(id, "a request for a machine");
  const std::string what = std::string("wait for machine ") + id + " to be " + state_name(options.state);
  // Throttling and outages are retried (never sooner than 1 s, as the server
  // asks) until the wait's own deadline, whatever the client's policy.
  core::RetryPolicy policy = core::RetryPolicy::until(options.deadline);
  policy.base_delay = 4s;
  policy.retry_status = retry_while_waiting;
  policy.give_up_unreachable_after = options.give_up_unreachable_after;
  while (true) {
    if (core::interrupted()) return core::Error::cancelled();
    auto left = std::chrono::duration_cast<std::chrono::seconds>(options.deadline - clock_.now());
    if (left < 1s) return wait_timed_out(what, "");
    auto per_call = std::clamp(std::min(left, options.per_call), 1s, 60s);
    std::string path = machines_path(app) + "/" + core::url_encode(id) + "/wait?state=" + state_name(options.state) +
                       "&timeout=" + std::to_string(per_call.count());
    if (!options.instance_id.empty()) path += "&version=" + core::url_encode(options.instance_id);
    auto req = request("GET", path);
    req.total_timeout = per_call + 15s;
    req.retry = policy;
    auto response = send(req, what);
    // What the policy still calls retryable came back because the deadline left no room for another try.
    if (!response.ok()) {
      const auto& e = response.error();
      if (e.retryable() && e.delivery != core::Delivery::kNotSent) return wait_timed_out(what, e.message);
      return e;
    }
    if (response->success()) return core::ok_status();
    if (response->status == 404 && options.state == DesiredState::kDestroyed) return core::ok_status();
    if (response->status == 408) {
      if (options.between) {
        if (auto st = options.between(); !st.ok()) return st;
      }
      continue;
    }
    if (retry_while_waiting(response->status)) {
      return wait_timed_out(what, "HTTP " + std::to_string(response->status));
    }
    return api_error(req, *response, what, settings_.credential);
  }
}

namespace {

constexpr const char* kLeaseNonce = "fly-machine-lease-nonce";

std::string lease_path_of(const std::string& machine_path) { return machine_path + "/lease"; }

}  // namespace

core::Result<Machine> Client::update(const std::string& app, const std::string& id, const UpdateRequest& update) {
  if (!is_machine_id(id)) return not_a_machine_id(id, "a request for a machine");
  auto req = request("POST", machines_path(app) + "/" + core::url_encode(id));
  req.headers.add("Content-Type", "application/json");
  if (!update.lease_nonce.empty()) req.headers.add(kLeaseNonce, update.lease_nonce);
  std::string body = "{\"config\":" + update.config_json;
  if (update.skip_launch == SkipLaunch::kYes) body += ",\"skip_launch\":true";
  if (!update.current_version.empty()) body += ",\"current_version\":" + core::json::quote(update.current_version);
  req.body = body + "}";
  // Only a 429 (not applied) is asked again. A lost answer, a 408 or a 5xx may
  // come after the change was made, and what a stale current_version gets is
  // not documented (412, 400 or applied again): the caller reads the machine
  // back and decides by its config (roll-machines).
  req.retry_unsafe = true;
  req.retry = core::RetryPolicy::unapplied_only();
  const std::string what = "update machine " + id;
  auto response = send(req, what);
  if (!response.ok()) return response.error();
  if (!response->success()) return api_error(req, *response, what, settings_.credential);
  return parse_machine_json(response->body);
}

core::Result<Lease> Client::post_lease(const std::string& app, const std::string& id, std::chrono::seconds ttl,
                                       const std::string& description, const std::string& held_nonce) {
  if (!is_machine_id(id)) return not_a_machine_id(id, "a request for a machine");
  // The ttl both ways: fly-go sends ?ttl=, the docs and fly-admin a body (FIDELITY L1).
  auto req = request(
      "POST", lease_path_of(machines_path(app) + "/" + core::url_encode(id)) + "?ttl=" + std::to_string(ttl.count()));
  req.headers.add("Content-Type", "application/json");
  if (!held_nonce.empty()) req.headers.add(kLeaseNonce, held_nonce);
  req.body =
      core::json::FlatObject().add("ttl", static_cast<long long>(ttl.count())).add("description", description).str();
  // A lease whose answer was lost expires on its own after `ttl`; one held, extended again, is extended.
  req.retry_unsafe = true;
  const std::string what = (held_nonce.empty() ? "lease machine " : "refresh the lease of machine ") + id;
  auto response = send(req, what);
  if (!response.ok()) return response.error();
  if (!response->success()) return api_error(req, *response, what, settings_.credential);
  auto doc = core::json::parse(response->body, "Fly machine lease");
  if (!doc.ok()) return doc.error();
  Lease lease;
  if (const rapidjson::Value* data = core::json::get_object(*doc, "data")) {
    lease.nonce = core::json::get_string(*data, "nonce").value_or("");
    lease.expires_at = core::json::get_int(*data, "expires_at").value_or(0);
    lease.owner = core::json::get_string(*data, "owner").value_or("");
  }
  if (!held_nonce.empty() && lease.nonce.empty()) lease.nonce = held_nonce;
  if (lease.nonce.empty() || !is_lease_nonce(lease.nonce)) {
    auto error = core::http_error(req, *response,
                                  what + (lease.nonce.empty() ? ": the API answered without a lease nonce"
                                                              : ": the API answered a lease nonce that is not a token "
                                                                "(it would not be sent back in a header)"));
    error.kind = core::ErrorKind::kDecode;
    return error;
  }
  // flyctl refuses a refresh that hands back another nonce: the lease was lost meanwhile.
  if (!held_nonce.empty() && lease.nonce != held_nonce) {
    auto error = core::http_error(req, *response, what + ": the API handed back another lease");
    error.kind = core::ErrorKind::kCheck;
    return error;
  }
  return lease;
}

core::Result<Lease> Client::acquire_lease(const std::string& app, const std::string& id, std::chrono::seconds ttl,
                                          const std::string& description) {
  return post_lease(app, id, ttl, description, "");
}

core::Result<Lease> Client::refresh_lease(const std::string& app, const std::string& id, const std::string& nonce,
                                          std::chrono::seconds ttl) {
  return post_lease(app, id, ttl, "", nonce);
}

core::Status Client::release_lease(const std::string& app, const std::string& id, const std::string& nonce) {
  if (!is_machine_id(id)) return not_a_machine_id(id, "a request for a machine");
  auto req = request("DELETE", lease_path_of(machines_path(app) + "/" + core::url_encode(id)));
  req.headers.add(kLeaseNonce, nonce);
  const std::string what = "release the lease of machine " + id;
  auto response = send(req, what);
  if (!response.ok()) return response.error();
  if (response->status == 404) return core::ok_status();
  if (!response->success()) return api_error(req, *response, what, settings_.credential);
  return core::ok_status();
}

core::Status Client::post_action(const std::string& app, const std::string& id, const std::string& action,
                                 const std::string& lease_nonce) {
  if (!is_machine_id(id)) return not_a_machine_id(id, "a request for a machine");
  auto req = request("POST", machines_path(app) + "/" + core::url_encode(id) + "/" + action);
  req.headers.add("Content-Type", "application/json");
  if (!lease_nonce.empty()) req.headers.add(kLeaseNonce, lease_nonce);
  req.body = "{}";
  req.retry_unsafe = true;  // stop/start/restart of the same machine are safe to repeat
  auto response = send(req, action + " machine " + id);
  if (!response.ok()) return response.error();
  if (!response->success()) return api_error(req, *response, action + " machine " + id, settings_.credential);
  return core::ok_status();
}

core::Status Client::stop(const std::string& app, const std::string& id, const std::string& lease_nonce) {
  return post_action(app, id, "stop", lease_nonce);
}
core::Status Client::start(const std::string& app, const std::string& id, const std::string& lease_nonce) {
  return post_action(app, id, "start", lease_nonce);
}
core::Status Client::restart(const std::string& app, const std::string& id) { return post_action(app, id, "restart"); }

core::Status Client::destroy(const std::string& app, const std::string& id) {
  if (!is_machine_id(id)) return not_a_machine_id(id, "a request for a machine");
  auto req = request("DELETE", machines_path(app) + "/" + core::url_encode(id) + "?force=true");
  auto response = send(req, "destroy machine " + id);
  if (!response.ok()) return response.error();
  if (response->status == 404) return core::ok_status();
  if (!response->success()) return api_error(req, *response, "destroy machine " + id, settings_.credential);
  return core::ok_status();
}

core::Result<std::vector<Event>> Client::events(const std::string& app, const std::string& id) {
  if (!is_machine_id(id)) return not_a_machine_id(id, "a request for a machine");
  auto req = request("GET", machines_path(app) + "/" + core::url_encode(id) + "/events");
  auto response = send(req, "read events of machine " + id);
  if (!response.ok()) return response.error();
  if (!response->success()) return api_error(req, *response, "read events of machine " + id, settings_.credential);
  return parse_events_json(response->body);
}

}  // namespace flypin::fly
