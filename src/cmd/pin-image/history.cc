#include "cmd/pin-image/history.h"

#include <spdlog/spdlog.h>

#include "core/rfc3339.h"
#include "registry/reference.h"

namespace flypin::cmd::pin_image {
namespace {

constexpr int kMaxHistoryPages = 3;  // 300 pins of one environment

std::string field(const github::Deployment& d, const char* key) {
  auto it = d.payload.find(key);
  return it == d.payload.end() ? "" : it->second;
}

}  // namespace

core::json::FlatObject pin_payload(const NewPin& pin, const std::string& run_url) {
  core::json::FlatObject payload;
  payload.add("image", pin.image).add("digest", pin.digest).add("secret_name", pin.secret_name);
  payload.add("project_ref", pin.project_ref);
  if (pin.build_ms) payload.add("build_time", core::format_rfc3339_ms(*pin.build_ms));
  if (!run_url.empty()) payload.add("run_url", run_url);
  return payload;
}

std::optional<PinRecord> pin_record(const github::Deployment& d) {
  PinRecord pin;
  pin.image = field(d, "image");
  // Whoever can create a deployment writes its payload: only a valid image
  // reference (no line break, no markup) is a pin.
  if (pin.image.empty() || !registry::parse_reference(pin.image).ok()) return std::nullopt;
  pin.deployment_id = d.id;
  pin.digest = field(d, "digest");
  if (auto nanos = core::parse_rfc3339_nanos(field(d, "build_time"))) pin.build_ms = *nanos / 1'000'000;
  pin.commit = d.sha;
  pin.run_url = field(d, "run_url");
  pin.created_at = d.created_at;
  return pin;
}

History::History(core::HttpClient& http, core::Clock& clock, const HistoryPlan& plan) : plan_(plan) {
  if (!plan_.token.empty()) {
    client_.emplace(
        http, clock,
        github::ClientSettings{.api_url = plan_.api_url, .repository = plan_.repository, .token = plan_.token});
  }
}

const std::vector<PinRecord>& History::pins() {
  if (pins_) return *pins_;
  pins_.emplace();
  if (!client_) return *pins_;
  auto listed = client_->list_deployments({.environment = plan_.environment, .max_pages = kMaxHistoryPages});
  if (!listed.ok()) {
    spdlog::warn("the deployment history of {} cannot be read: {}", plan_.environment, listed.error().describe());
    return *pins_;
  }
  int invalid = 0;
  for (const auto& d : listed->deployments) {
    if (auto pin = pin_record(d)) {
      pins_->push_back(std::move(*pin));
    } else if (!field(d, "image").empty()) {
      ++invalid;
    }
  }
  if (invalid > 0) {
    spdlog::warn("{} deployment(s) of {} name no valid image reference in their payload: ignored", invalid,
                 plan_.environment);
  }
  return *pins_;
}

core::Result<bool> History::reached_success(std::int64_t deployment_id) {
  if (!client_) return false;
  auto statuses = client_->list_statuses(deployment_id);
  if (!statuses.ok()) return std::move(statuses).error();
  for (const auto& s : *statuses) {
    if (s.state == github::DeploymentState::kSuccess) return true;
  }
  return false;
}

void History::warn_unrecorded(const core::Error& error) {
  if (github::problem_of(error) == github::Problem::kNoPermission) {
    spdlog::warn("GitHub refused to record this pin (GITHUB_TOKEN lacks `deployments: write`): pinning anyway");
  } else {
    spdlog::warn("this pin is not recorded as a GitHub deployment: {}", error.describe());
  }
}

void History::begin(const NewPin& pin) {
  if (!client_) {
    spdlog::warn("{}: this pin is not recorded as a GitHub deployment", plan_.missing);
    return;
  }
  github::NewDeployment d{.ref = plan_.sha,
                          .environment = plan_.environment,
                          .description = "pin " + pin.image,
                          .payload = pin_payload(pin, plan_.run_url)};
  auto created = client_->create_deployment(d);
  if (!created.ok()) return warn_unrecorded(created.error());
  deployment_id_ = created->id;
  auto st = client_->create_status(
      deployment_id_,
      {.state = github::DeploymentState::kInProgress, .log_url = plan_.run_url, .description = "pinning"});
  if (!st.ok()) warn_unrecorded(st.error());
  spdlog::info("recorded as deployment {} in environment {}", deployment_id_, plan_.environment);
}

void History::finish(github::DeploymentState state, const std::string& description) {
  if (!client_ || deployment_id_ == 0) return;
  auto st = client_->create_status(
      deployment_id_, {.state = state, .log_url = plan_.run_url, .description = description.substr(0, 140)});
  if (!st.ok()) warn_unrecorded(st.error());
}

}  // namespace flypin::cmd::pin_image
