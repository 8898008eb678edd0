#include "cmd/smoke-machine/summary.h"

#include "cmd/common/machine_log_lines.h"
#include "gha/markdown.h"

namespace flypin::cmd::smoke_machine {
namespace {

std::string leftover_markdown(const Plan& plan, const Outcome& o) {
  if (!o.leftover) return "";
  const auto& l = *o.leftover;
  if (l.id.empty()) {
    return "\n**Machine " + gha::markdown_code(l.name, gha::Within::kText) +
           " may exist**: its create could not be confirmed either way. Look for it with " +
           gha::markdown_code("fly machine list --app " + plan.app, gha::Within::kText) + " and destroy it.\n";
  }
  return "\n**Machine " + gha::markdown_code(l.id, gha::Within::kText) + " was not destroyed** (" +
         gha::markdown_cell(l.reason) + "). Remove it with " +
         gha::markdown_code(destroy_command(plan.app, l.id), gha::Within::kText) + ".\n";
}

}  // namespace

std::string summary_markdown(const Plan& plan, const Result& result) {
  const Outcome& o = result.outcome;
  std::string md;
  if (plan.mode == Mode::kReap) {
    md += "### smoke-machine: reaped " + std::to_string(o.reaped.size()) + " machine(s) of " +
          gha::markdown_code(plan.app, gha::Within::kText) + "\n";
    for (const auto& id : o.reaped) md += "- " + gha::markdown_code(id, gha::Within::kText) + "\n";
    return md + leftover_markdown(plan, o) + "\n";
  }
  if (result.error) {
    md += "### smoke-machine: " + gha::markdown_code(plan.image.str(), gha::Within::kText) + " failed\n\n";
    // The region the API reports, the app's last log line: servers' text, shown as text.
    md += gha::markdown_cell(result.error->describe()) + "\n";
    if (o.logs) md += last_lines_markdown(o.machine_id, *o.logs);
    return md + leftover_markdown(plan, o) + "\n";
  }
  md += "### smoke-machine: " + gha::markdown_code(plan.image.str(), gha::Within::kText) + " is healthy\n\n";
  md += "| | |\n|---|---|\n";
  md += "| app | " + gha::markdown_code(plan.app) + " |\n";
  md += "| machine | " + gha::markdown_code(o.machine_id) + (o.destroyed ? " (destroyed)" : "") + " |\n";
  md += "| region | " + gha::markdown_code(o.region) + " |\n";
  md += "| size | " + plan.guest.cpu_kind + " " + std::to_string(plan.guest.cpus) + "x cpu, " +
        std::to_string(plan.guest.memory_mb) + " MB |\n";
  md += "| image digest | " + gha::markdown_code(o.image_digest.empty() ? std::string("-") : o.image_digest) + " |\n";
  md += "| started after | " + std::to_string(o.boot_ms) + " ms |\n";
  md += "| healthy after | " + std::to_string(o.healthy_ms) + " ms |\n";
  md += "| health via | " + std::string(plan.health_via == HealthVia::kChecks ? "machine check" : "Fly proxy") + " " +
        gha::markdown_code(plan.health_path) + " |\n";
  if (o.restarted) md += "| restart check | passed |\n";
  return md + leftover_markdown(plan, o) + "\n";
}

}  // namespace flypin::cmd::smoke_machine
