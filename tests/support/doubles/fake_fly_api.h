#pragma once
// An in-process stand-in for the Fly Machines API behind the HttpClient seam,
// for unit tests of the client and of smoke-machine's run(): it keeps one
// machine's state, records every request, and can be told what to answer.

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/http.h"
#include "core/json.h"

namespace flypin::doubles {

class FakeFlyApi : public core::HttpClient {
 public:
  struct Seen {
    std::string method;
    std::string url;
    std::string body;
    core::Headers headers;
  };

  /// Answers queued for requests whose "METHOD path-fragment" contains `match`, used once each.
  void queue(std::string match, int status, std::string body) {
    queued_.push_back({std::move(match), status, std::move(body)});
  }

  // Machine behaviour.
  std::string state_after_start = "started";
  std::string region_override;
  int cpus_override = 0;
  std::string check_status = "passing";
  std::string check_output = "ok";
  std::string events_json = "[]";
  std::string digest = "sha256:aaaa";
  /// What the logs API answers from the start (an empty next_token); later reads get nothing new.
  std::string logs_json = R"({"data":[],"meta":{"next_token":""}})";
  /// The next `garbled_creates` creates happen, but are answered with this instead.
  int garbled_creates = 0;
  int garbled_status = 500;
  std::string garbled_body = R"({"error":"internal server error"})";

  /// Every request fails as a refused connection does (nothing was sent); or
  /// every request after the first `unreachable_after`.
  bool unreachable = false;
  std::optional<std::size_t> unreachable_after;

  core::Result<core::HttpResponse> send(const core::HttpRequest& r) override {
    seen.push_back({r.method, r.url, r.body, r.headers});
    if (unreachable || (unreachable_after && seen.size() > *unreachable_after)) {
      core::Error e;
      e.kind = core::ErrorKind::kNetwork;
      e.delivery = core::Delivery::kNotSent;
      e.message = "cannot reach 127.0.0.1:1 (Couldn't connect to server)";
      return e;
    }
    const std::string key = r.method + " " + r.url;
    for (auto it = queued_.begin(); it != queued_.end(); ++it) {
      if (key.find(it->match) != std::string::npos) {
        core::HttpResponse resp{it->status, {}, it->body};
        queued_.erase(it);
        return resp;
      }
    }
    return route(r);
  }

  int count(const std::string& method, const std::string& fragment) const {
    int n = 0;
    for (const auto& s : seen) n += s.method == method && s.url.find(fragment) != std::string::npos;
    return n;
  }

  std::vector<Seen> seen;
  std::string state = "none";
  std::string created_body;
  std::string metadata_json = R"({"flypin_smoke":"true"})";  // the created machine's, once created

 private:
  struct Queued {
    std::string match;
    int status;
    std::string body;
  };

  core::HttpResponse json(int status, std::string body) { return {status, {}, std::move(body)}; }

  std::string machine_json() const {
    std::string region = region_override.empty() ? "sin" : region_override;
    int cpus = cpus_override ? cpus_override : 1;
    return R"({"id":"148ed123456789","name":"smoke-local-abcdef","state":")" + state + R"(","region":")" + region +
           R"(","instance_id":"01H","created_at":"2026-01-01T00:00:00Z","image_ref":{"registry":"127.0.0.1:5000","repository":"app","tag":"t","digest":")" +
           digest + R"("},"config":{"image":"img","guest":{"cpu_kind":"shared","cpus":)" + std::to_string(cpus) +
           R"(,"memory_mb":256},"metadata":)" + metadata_json + R"(},"checks":[{"name":"health","status":")" +
           check_status + R"(","output":")" + check_output + R"(","updated_at":"t1"}],"events":)" + events_json + "}";
  }

  core::HttpResponse route(const core::HttpRequest& r) {
    const auto& u = r.url;
    if (r.method == "POST" && u.ends_with("/machines")) {
      created_body = r.body;
      if (auto doc = core::json::parse(r.body, "create"); doc.ok() && doc->IsObject()) {
        if (const auto* config = core::json::get_object(*doc, "config")) {
          if (const auto* metadata = core::json::get_object(*config, "metadata")) {
            rapidjson::StringBuffer out;
            rapidjson::Writer<rapidjson::StringBuffer> writer(out);
            metadata->Accept(writer);
            metadata_json = out.GetString();
          }
        }
      }
      state = state_after_start;
      if (garbled_creates > 0) {
        --garbled_creates;
        return json(garbled_status, garbled_body);
      }
      return json(200, machine_json());
    }
    const bool gone = state == "destroyed";
    if (u.find("/wait?") != std::string::npos) {
      if (u.find("state=destroyed") != std::string::npos) return gone ? json(200, "{\"ok\":true}") : json(408, "{}");
      return state == "started" ? json(200, "{\"ok\":true}") : json(408, R"({"error":"deadline_exceeded"})");
    }
    if (r.method == "DELETE") {
      state = "destroyed";
      return json(200, "{\"ok\":true}");
    }
    if (r.method == "POST" && u.ends_with("/restart")) return json(200, "{\"ok\":true}");
    if (r.method == "GET" && u.find("/events") != std::string::npos) return json(200, events_json);
    if (r.method == "GET" && u.find("/logs?") != std::string::npos) {
      const bool first = u.find("next_token=&") != std::string::npos || u.ends_with("next_token=");
      return json(200, first ? logs_json : R"({"data":[],"meta":{"next_token":""}})");
    }
    if (r.method == "GET" && u.find("/machines?") != std::string::npos) {
      return json(200, state == "none" || gone ? "[]" : "[" + machine_json() + "]");
    }
    if (r.method == "GET") return gone ? json(404, R"({"error":"machine not found"})") : json(200, machine_json());
    return json(404, R"({"error":"not found"})");
  }

  std::deque<Queued> queued_;
};

}  // namespace flypin::doubles
