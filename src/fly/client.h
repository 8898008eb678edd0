#pragma once
// Fly Machines API client (https://api.machines.dev, spec in
// shared/specs/fly-machines-openapi.json). Every call goes through the one
// injected HttpClient (a RetryingHttpClient in production, so 429 and 5xx are
// retried with backoff). Wait calls carry their own policy: their 408 means
// "not yet" and is looped here, and throttling is retried until the wait's
// deadline.

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/http.h"
#include "fly/create_request.h"
#include "fly/machine.h"

namespace flypin::fly {

struct ClientSettings {
  std::string base_url = "https://api.machines.dev";
  std::string token;
  /// Which variable the token came from, for error messages.
  std::string credential = "FLY_API_TOKEN";
  /// The retry policy of every call (nullopt: the HttpClient's own), e.g.
  /// cleanup that keeps trying until its deadline.
  std::optional<core::RetryPolicy> retry;
};

enum class DesiredState { kStarted, kStopped, kDestroyed };
enum class IncludeDeleted { kNo, kYes };
/// kSummary: summary=true, no config, checks or events (cheap for large fleets).
enum class ListDetail { kFull, kSummary };

/// A machine lease (schema Lease): an exclusive hold on changing the machine.
struct Lease {
  std::string nonce;
  long long expires_at = 0;
  std::string owner;
};

/// UpdateMachineRequest: the whole config, sent back changed.
struct UpdateRequest {
  std::string config_json;
  SkipLaunch skip_launch = SkipLaunch::kNo;
  /// The version the change is based on: the API refuses it (412) if the machine moved on.
  std::string current_version;
  /// The lease held for the change ("" when none), sent as fly-machine-lease-nonce.
  std::string lease_nonce;
};

const char* state_name(DesiredState state);

struct WaitOptions {
  DesiredState state = DesiredState::kStarted;
  /// The machine version to wait for (sent as `version`): an updated machine's new one.
  std::string instance_id;
  core::Clock::TimePoint deadline;
  /// The API blocks at most 60 s per call; shorter calls let `between` look around.
  std::chrono::seconds per_call{60};
  /// Runs after each call that timed out (408); a failed Status stops the wait.
  std::function<core::Status()> between;
  /// Outages are waited out until `deadline`, unless the API cannot be reached
  /// at all for this long (then its error ends the wait).
  std::optional<std::chrono::milliseconds> give_up_unreachable_after;
};

class Client {
 public:
  Client(core::HttpClient& http, core::Clock& clock, ClientSettings settings);

  core::Result<Machine> create(const std::string& app, const CreateMachineRequest& request);
  core::Result<Machine> get(const std::string& app, const std::string& id);
  /// Machines whose metadata has every key=value in `metadata` (sent as
  /// metadata.<key> filters and checked again locally).
  core::Result<std::vector<Machine>> list(const std::string& app, const std::map<std::string, std::string>& metadata,
                                          IncludeDeleted include_deleted, ListDetail detail = ListDetail::kFull);
  /// POST /machines/{id}. Only a 429 is retried: any other failure comes back
  /// as an error with its http_status (a 409 leased by another, a 412, ...),
  /// and one without an answer, a 408 or a 5xx may have been applied.
  core::Result<Machine> update(const std::string& app, const std::string& id, const UpdateRequest& request);
  /// A new lease for `ttl`; 409 (held by another) as an error with that http_status.
  core::Result<Lease> acquire_lease(const std::string& app, const std::string& id, std::chrono::seconds ttl,
                                    const std::string& description);
  /// Extends the lease held with `nonce` to `ttl` from now.
  core::Result<Lease> refresh_lease(const std::string& app, const std::string& id, const std::string& nonce,
                                    std::chrono::seconds ttl);
  core::Status release_lease(const std::string& app, const std::string& id, const std::string& nonce);
  /// Loops the wait endpoint until the state, the deadline or a `between` failure.
  /// For kDestroyed a 404 counts as done.
  core::Status wait(const std::string& app, const std::string& id, const WaitOptions& options);
  /// `lease_nonce`: the lease held on the machine ("" when none), sent as fly-machine-lease-nonce.
  core::Status stop(const std::string& app, const std::string& id, const std::string& lease_nonce = "");
  core::Status start(const std::string& app, const std::string& id, const std::string& lease_nonce = "");
  core::Status restart(const std::string& app, const std::string& id);
  /// DELETE with force=true; a machine that is already gone (404) counts as destroyed.
  core::Status destroy(const std::string& app, const std::string& id);
  core::Result<std::vector<Event>> events(const std::string& app, const std::string& id);

  const ClientSettings& settings() const { return settings_; }

 private:
  core::HttpRequest request(const std::string& method, const std::string& path) const;
  core::Result<core::HttpResponse> send(const core::HttpRequest& req, const std::string& what);
  /// POST …/lease: a new lease, or (with `held_nonce`) the one held extended.
  core::Result<Lease> post_lease(const std::string& app, const std::string& id, std::chrono::seconds ttl,
                                 const std::string& description, const std::string& held_nonce);
  core::Status post_action(const std::string& app, const std::string& id, const std::string& action,
                           const std::string& lease_nonce = "");
  std::string machines_path(const std::string& app) const;

  core::HttpClient& http_;
  core::Clock& clock_;
  ClientSettings settings_;
};

}  // namespace flypin::fly
