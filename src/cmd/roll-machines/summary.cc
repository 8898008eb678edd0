#include "cmd/roll-machines/summary.h"

#include <algorithm>

#include "cmd/common/machine_log_lines.h"
#include "gha/markdown.h"

namespace flypin::cmd::roll_machines {
namespace {

constexpr std::size_t kMachinesListed = 50;  // a summary stays readable for 10,000 machines

std::string short_digest(const std::string& d) { return d.empty() ? "(none)" : d.substr(0, 19); }

}  // namespace

// Digests, states and regions are the Machines API's text: each goes through
// gha/markdown.h (ids are checked where they enter, fly/validation.h).
std::string summary_markdown(const Plan& plan, const Result& result) {
  const Outcome& o = result.outcome;
  const DriftReport& d = o.drift;
  std::string verdict = result.error ? "failed" : d.drifted.empty() ? "every machine on the pin" : "drift";
  std::string md = "### roll-machines (" + gha::markdown_cell(plan.app) + "): " + verdict + "\n\n";
  if (!o.digest.empty())
    md += "Pin " + gha::markdown_code(o.digest, gha::Within::kText) + (o.pin_verified ? " (the secret names it)" : "") +
          "\n\n";
  md += "| digest | state | machines |\n|---|---|---|\n";
  for (const auto& c : d.counts) {
    md += "| " + gha::markdown_code(short_digest(c.digest)) + (c.digest == d.pin_digest ? " (pin)" : "") + " | " +
          gha::markdown_cell(c.state) + " | " + std::to_string(c.count) + " |\n";
  }
  md += "\n" + std::to_string(d.selected) + " selected, " + std::to_string(d.on_pin) + " on the pin, " +
        std::to_string(d.drifted.size()) + " drifted, " + std::to_string(d.smoke_skipped) +
        " smoke machines left out.\n";
  if (d.selected == 0 && !o.digest.empty()) md += "\n**" + gha::markdown_cell(no_machine_text(plan)) + ".**\n";
  if (!d.unknown.empty()) {
    md += "\n" + std::to_string(d.unknown.size()) +
          " machine(s) whose image the API does not say (host not ok): reported unknown, never updated blind.\n";
  }
  if (!d.drifted.empty()) {
    md += "\n| drifted machine | region | state |\n|---|---|---|\n";
    for (std::size_t i = 0; i < d.drifted.size() && i < kMachinesListed; ++i)
      md += "| " + gha::markdown_code(d.drifted[i].id) + " | " + gha::markdown_cell(d.drifted[i].region) + " | " +
            gha::markdown_cell(d.drifted[i].state) + " |\n";
    if (d.drifted.size() > kMachinesListed)
      md += "\n(" + std::to_string(d.drifted.size() - kMachinesListed) + " more in the `report` output)\n";
  }
  if (!o.rolled.empty()) {
    md += "\nUpdated " + std::to_string(count_of(o, RollResult::kUpdated)) + ", already on the pin " +
          std::to_string(count_of(o, RollResult::kAlreadyOnPin)) + ", leased by another " +
          std::to_string(count_of(o, RollResult::kLeased)) + ", changed meanwhile " +
          std::to_string(count_of(o, RollResult::kChanged)) + ", gone " +
          std::to_string(count_of(o, RollResult::kGone)) + ", unknown " +
          std::to_string(count_of(o, RollResult::kUnknown)) + ", failed " +
          std::to_string(count_of(o, RollResult::kFailed)) + ", interrupted " +
          std::to_string(count_of(o, RollResult::kInterrupted)) + ".\n";
  }
  if (result.error) md += "\n**Error:** " + gha::markdown_cell(result.error->describe()) + "\n";
  if (o.logs) md += last_lines_markdown(o.logs_machine_id, *o.logs);
  return md;
}

}  // namespace flypin::cmd::roll_machines
