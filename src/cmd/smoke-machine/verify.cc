#include "cmd/smoke-machine/verify.h"

#include <string>
#include <vector>

namespace flypin::cmd::smoke_machine {

core::Status verify_placement(const Plan& plan, const fly::Machine& m) {
  std::vector<std::string> wrong;
  if (m.region != plan.region) wrong.push_back("region " + m.region + " instead of " + plan.region);
  const auto& g = m.config.guest;
  if (g.cpu_kind != plan.guest.cpu_kind)
    wrong.push_back("cpu kind " + g.cpu_kind + " instead of " + plan.guest.cpu_kind);
  if (g.cpus != plan.guest.cpus) {
    wrong.push_back(std::to_string(g.cpus) + " cpus instead of " + std::to_string(plan.guest.cpus));
  }
  if (g.memory_mb != plan.guest.memory_mb) {
    wrong.push_back(std::to_string(g.memory_mb) + " MB memory instead of " + std::to_string(plan.guest.memory_mb));
  }
  if (!plan.expect_digest.empty() && m.image_ref.digest != plan.expect_digest) {
    wrong.push_back("image digest " +
                    (m.image_ref.digest.empty() ? std::string("(none reported)") : m.image_ref.digest) +
                    " instead of " + plan.expect_digest);
  }
  if (wrong.empty()) return core::ok_status();
  std::string message = "machine " + m.id + " is not what was asked for: ";
  for (size_t i = 0; i < wrong.size(); ++i) message += (i ? ", " : "") + wrong[i];
  return core::Error::check(message);
}

}  // namespace flypin::cmd::smoke_machine
