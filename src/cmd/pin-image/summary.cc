#include "cmd/pin-image/summary.h"

#include <algorithm>

#include "gha/markdown.h"

namespace flypin::cmd::pin_image {
namespace {

std::string verdict(const Plan& plan, const Result& result) {
  const Outcome& out = result.outcome;
  if (result.error) return out.changed ? "changed, not verified" : "failed, secret unchanged";
  if (plan.mode == Mode::kDryRun) return "plan only (dry run)";
  if (out.changed) return "pinned";
  return plan.mode == Mode::kCheckOnly ? "in sync (check only)" : "already pinned, nothing changed";
}

std::string status_markdown(const Plan& plan, const Result& result) {
  const Outcome& out = result.outcome;
  std::string md = "### pin-image: status of `" + out.secret_name + "` (project `" + plan.project_ref + "`)\n\n";
  if (result.error) return md + "failed: " + gha::markdown_cell(result.error->describe()) + "\n";
  if (out.live_sha256.empty()) return md + "The secret is not set: no image is live.\n";
  md += "| | |\n|---|---|\n";
  if (!out.live) {
    md += "| live | unknown image (sha256 `" + out.live_sha256 + "`) |\n";
  } else {
    const LiveImage& l = *out.live;
    md += "| live image | `" + l.image + "` |\n";
    md += "| digest | " + (l.digest.empty() ? std::string("gone from its registry") : "`" + l.digest + "`") + " |\n";
    md += "| built | " + l.build_time + " |\n";
    if (!l.pinned_at.empty()) md += "| pinned | " + l.pinned_at + " |\n";
    if (!l.commit.empty()) md += "| commit | `" + l.commit + "` |\n";
    if (!l.run_url.empty()) md += "| run | " + l.run_url + " |\n";
  }
  if (out.previous.empty()) return md;
  md += "\n| earlier pin | built | in its registry |\n|---|---|---|\n";
  for (const auto& p : out.previous)
    md += "| `" + p.image + "` | " + p.build_time + " | " + (p.exists ? "yes" : "gone") + " |\n";
  return md;
}

}  // namespace

std::string summary_markdown(const Plan& plan, const Result& result) {
  if (plan.mode == Mode::kStatus) return status_markdown(plan, result);
  const Outcome& out = result.outcome;
  std::string md = "### pin-image: " + verdict(plan, result) + "\n\n| | |\n|---|---|\n";
  md += "| secret | `" + out.secret_name + "` (project `" + plan.project_ref + "`) |\n";
  if (!out.image.empty()) md += "| image | `" + out.image + "` |\n";
  if (!out.digest.empty()) md += "| digest | `" + out.digest + "` |\n";
  if (!out.secret_digest.empty()) md += "| secret sha256 | `" + out.secret_digest + "` |\n";
  if (!out.build_time.empty()) md += "| built | " + out.build_time + " |\n";
  if (out.deployment_id != 0) md += "| GitHub deployment | " + std::to_string(out.deployment_id) + " |\n";
  md += "| platform checked | `" + plan.platform.str() + "` |\n";
  if (result.error) md += "| error | " + gha::markdown_cell(result.error->describe()) + " |\n";
  return md;
}

}  // namespace flypin::cmd::pin_image
