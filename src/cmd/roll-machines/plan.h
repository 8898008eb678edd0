#pragma once
// roll-machines' inputs, parsed once: validate() finds every usage or
// configuration error (exit 2) before any network call.

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "cmd/roll-machines/options.h"
#include "core/environment.h"
#include "core/result.h"
#include "fly/client.h"
#include "fly/logs_client.h"
#include "registry/credentials.h"
#include "registry/platform.h"
#include "registry/reference.h"

namespace flypin::cmd::roll_machines {

enum class Update { kReport, kStopped, kAll };
enum class OnDrift { kReport, kFail };

/// With --project-ref: where the pin is read.
struct PinSource {
  std::string project_ref;
  std::string secret_name;
  std::string token;  // SUPABASE_ACCESS_TOKEN: a secret, never printed
  std::string api_url;
};

struct Plan {
  std::string app;
  registry::Reference image;
  std::string image_text;  // as given, the value a secret would hold
  /// REGISTRY_USERNAME/REGISTRY_PASSWORD go to the registry of --image (and REGISTRY_HOST) only.
  registry::CredentialScope credentials;
  registry::Platform platform;
  std::map<std::string, std::string> select;
  std::optional<PinSource> pin;
  Update update = Update::kReport;
  int canary = 1;
  int concurrency = 4;
  std::chrono::seconds wait_timeout{120};
  OnDrift on_drift = OnDrift::kReport;
  fly::ClientSettings fly;
  fly::LogsSettings logs;
};

core::Result<Plan> validate(const Options& options, const core::Environment& env);

}  // namespace flypin::cmd::roll_machines
