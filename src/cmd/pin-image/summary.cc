#include "cmd/pin-image/summary.h"

#include <algorithm>

namespace flypin::cmd::pin_image {
namespace {

std::string verdict(const Plan& plan, const Report& report) {
  const Outcome& out = report.outcome;
  if (report.error) return out.changed ? "changed, not verified" : "failed, secret unchanged";
  if (plan.mode == Mode::kDryRun) return "plan only (dry run)";
  if (out.changed) return "pinned";
  return plan.mode == Mode::kCheckOnly ? "in sync (check only)" : "already pinned, nothing changed";
}

// One table cell: no line breaks, no column separators.
std::string cell(std::string text) {
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r'; }, ' ');
  std::string out;
  for (char c : text) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

}  // namespace

std::string summary_markdown(const Plan& plan, const Report& report) {
  const Outcome& out = report.outcome;
  std::string md = "### pin-image: " + verdict(plan, report) + "\n\n| | |\n|---|---|\n";
  md += "| secret | `" + out.secret_name + "` (project `" + plan.project_ref + "`) |\n";
  if (!out.image.empty()) md += "| image | `" + out.image + "` |\n";
  if (!out.digest.empty()) md += "| digest | `" + out.digest + "` |\n";
  if (!out.secret_digest.empty()) md += "| secret sha256 | `" + out.secret_digest + "` |\n";
  md += "| platform checked | `" + plan.platform.str() + "` |\n";
  if (report.error) md += "| error | " + cell(report.error->describe()) + " |\n";
  return md;
}

}  // namespace flypin::cmd::pin_image
