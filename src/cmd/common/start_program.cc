#include "cmd/common/start_program.h"

#include <spdlog/spdlog.h>

#include "core/fly_token.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "core/redact.h"

namespace flypin::cmd {

void start_program(const std::string& program, const core::Environment& env, gha::ActionsIO& io) {
  for (const char* name : {"SUPABASE_ACCESS_TOKEN", "REGISTRY_PASSWORD"}) {
    if (auto value = env.get(name)) io.mask(*value);
  }
  for (auto name : core::kFlyTokenVariables) {
    if (auto value = env.get(name)) io.mask(*value);
  }
  core::setup_logging(program, env);
  core::install_interrupt_handlers();
}

core::RetryObserver log_retries() {
  return [](const core::HttpRequest& r, int attempt, std::chrono::milliseconds delay, const std::string& why) {
    spdlog::warn("{}: {} {} gave {} (attempt {}), retrying in {} ms", r.api.empty() ? "request" : r.api, r.method,
                 core::redact_url(r.url), why, attempt, delay.count());
  };
}

}  // namespace flypin::cmd
