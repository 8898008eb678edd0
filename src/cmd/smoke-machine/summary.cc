#include "cmd/smoke-machine/summary.h"

#include "cmd/common/machine_log_lines.h"

namespace flypin::cmd::smoke_machine {
namespace {

std::string leftover_markdown(const Plan& plan, const Outcome& o) {
  if (!o.leftover) return "";
  const auto& l = *o.leftover;
  if (l.id.empty()) {
    return "\n**Machine `" + l.name + "` may exist**: its create could not be confirmed either way. Look for it with " +
           "`fly machine list --app " + plan.app + "` and destroy it.\n";
  }
  return "\n**Machine `" + l.id + "` was not destroyed** (" + l.reason + "). Remove it with `" +
         destroy_command(plan.app, l.id) + "`.\n";
}

}  // namespace

std::string summary_markdown(const Plan& plan, const Result& result) {
  const Outcome& o = result.outcome;
  std::string md;
  if (plan.mode == Mode::kReap) {
    md += "### smoke-machine: reaped " + std::to_string(o.reaped.size()) + " machine(s) of `" + plan.app + "`\n";
    for (const auto& id : o.reaped) md += "- `" + id + "`\n";
    return md + leftover_markdown(plan, o) + "\n";
  }
  if (result.error) {
    md += "### smoke-machine: `" + plan.image.str() + "` failed\n\n";
    md += result.error->describe() + "\n";
    if (o.logs) md += last_lines_markdown(o.machine_id, *o.logs);
    return md + leftover_markdown(plan, o) + "\n";
  }
  md += "### smoke-machine: `" + plan.image.str() + "` is healthy\n\n";
  md += "| | |\n|---|---|\n";
  md += "| app | `" + plan.app + "` |\n";
  md += "| machine | `" + o.machine_id + "`" + (o.destroyed ? " (destroyed)" : "") + " |\n";
  md += "| region | `" + o.region + "` |\n";
  md += "| size | " + plan.guest.cpu_kind + " " + std::to_string(plan.guest.cpus) + "x cpu, " +
        std::to_string(plan.guest.memory_mb) + " MB |\n";
  md += "| image digest | `" + (o.image_digest.empty() ? std::string("-") : o.image_digest) + "` |\n";
  md += "| started after | " + std::to_string(o.boot_ms) + " ms |\n";
  md += "| healthy after | " + std::to_string(o.healthy_ms) + " ms |\n";
  md += "| health via | " + std::string(plan.health_via == HealthVia::kChecks ? "machine check" : "Fly proxy") + " `" +
        plan.health_path + "` |\n";
  if (o.restarted) md += "| restart check | passed |\n";
  return md + leftover_markdown(plan, o) + "\n";
}

}  // namespace flypin::cmd::smoke_machine
