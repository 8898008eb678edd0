#pragma once
// pin-image's deployment history: each pin recorded as a GitHub Deployment of
// GITHUB_SHA in the environment (statuses in_progress, then success or
// failure), and the earlier pins read back from it. History is an aid, never
// a condition of pinning: without a token, or when GitHub refuses (403: no
// `deployments: write`), it says so in one line and the pin goes on.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cmd/pin-image/plan.h"
#include "core/clock.h"
#include "core/http.h"
#include "github/client.h"

namespace flypin::cmd::pin_image {

/// One pin as a deployment's payload records it.
struct PinRecord {
  std::int64_t deployment_id = 0;
  std::string image;  // the secret's value
  std::string digest;
  std::optional<std::int64_t> build_ms;  // payload build_time
  std::string commit;                    // the deployment's sha
  std::string run_url;
  std::string created_at;
};

/// What a new record says.
struct NewPin {
  std::string image;
  std::string digest;
  std::string secret_name;
  std::string project_ref;
  std::optional<std::int64_t> build_ms;
};

/// The deployment payload of a pin, and back.
core::json::FlatObject pin_payload(const NewPin& pin, const std::string& run_url);
/// nullopt for a deployment that is no pin (no string `image` in its payload, or
/// one that is not a valid image reference).
std::optional<PinRecord> pin_record(const github::Deployment& deployment);

class History {
 public:
  History(core::HttpClient& http, core::Clock& clock, const HistoryPlan& plan);

  /// A token (and repository) to read the history with.
  bool readable() const { return client_.has_value(); }
  /// The pins of the environment, newest first, read once; empty (after a
  /// one-line warning) when there is no history or it cannot be read.
  const std::vector<PinRecord>& pins();
  /// Whether the deployment ever reached `success`.
  core::Result<bool> reached_success(std::int64_t deployment_id);

  /// Creates the deployment and its in_progress status; a refusal is a warning.
  void begin(const NewPin& pin);
  /// success or failure of the deployment begun, if any.
  void finish(github::DeploymentState state, const std::string& description);
  std::int64_t deployment_id() const { return deployment_id_; }

 private:
  void warn_unrecorded(const core::Error& error);

  HistoryPlan plan_;
  std::optional<github::Client> client_;
  std::optional<std::vector<PinRecord>> pins_;
  std::int64_t deployment_id_ = 0;
};

}  // namespace flypin::cmd::pin_image
