#include "cmd/pin-image/rollback.h"

#include <spdlog/spdlog.h>

#include "cmd/pin-image/live_image.h"
#include "core/crypto.h"

namespace flypin::cmd::pin_image {

core::Result<registry::Reference> rollback_target(const Plan& plan, Context& cx) {
  if (plan.rollback_to) return *plan.rollback_to;
  const std::string env = plan.history.environment;
  auto current = cx.secrets.list(plan.project_ref);
  if (!current.ok()) return std::move(current).error();
  const auto* existing = find_secret(*current, plan.secret_name);
  if (existing == nullptr) {
    return core::Error::check("secret " + plan.secret_name + " of project " + plan.project_ref +
                              " is not set: there is nothing to roll back from");
  }
  const auto& pins = cx.history.pins();
  size_t live = 0;
  while (live < pins.size() && core::sha256_hex(pins[live].image) != existing->value_sha256) ++live;
  if (live == pins.size()) {
    return core::Error::check("the live image of secret " + plan.secret_name + " is not in the deployment history of " +
                              env + ": name the target with --to IMAGE");
  }
  const auto own = own_repositories(plan.image_repository, pins[live].image);
  int looked = 0;
  for (size_t i = live + 1; i < pins.size() && looked < kMaxRollbackCandidates; ++i) {
    const PinRecord& pin = pins[i];
    if (pin.image == pins[live].image) continue;
    if (!of_repositories(pin.image, own)) {
      spdlog::warn("skipping {} (deployment {}): not of the live image's repository{}, never pinned by a rollback",
                   pin.image, pin.deployment_id, plan.image_repository ? " nor of --image-repository" : "");
      continue;
    }
    ++looked;
    auto succeeded = cx.history.reached_success(pin.deployment_id);
    if (!succeeded.ok()) return std::move(succeeded).error();
    if (!*succeeded) continue;
    auto ref = registry::parse_reference(pin.image);
    if (!ref.ok()) continue;
    auto resolved = cx.registry.resolve(*ref, std::nullopt);
    if (!resolved.ok()) {
      if (resolved.error().kind != core::ErrorKind::kNotFound) return std::move(resolved).error();
      spdlog::info("skipping {} (deployment {}): no longer in its registry", pin.image, pin.deployment_id);
      continue;
    }
    spdlog::info("rolling back from {} to {} (deployment {})", pins[live].image, pin.image, pin.deployment_id);
    return *ref;
  }
  return core::Error::check("no pin of " + env + " before the live one " + pins[live].image +
                            " reached success and still exists in its registry: nothing to roll back to");
}

}  // namespace flypin::cmd::pin_image
