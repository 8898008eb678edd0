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

std::string presence_text(Presence presence) {
  switch (presence) {
    case Presence::kExists:
      return "yes";
    case Presence::kGone:
      return "gone";
    case Presence::kUnchecked:
      return "cannot be checked";
    case Presence::kForeign:
      return "foreign (another repository: not checked, never rolled back to)";
  }
  return "cannot be checked";
}

std::string platform_text(PlatformCheck platform) {
  switch (platform) {
    case PlatformCheck::kPresent:
      return "present";
    case PlatformCheck::kAbsent:
      return "**absent**";
    case PlatformCheck::kUnchecked:
      return "not checked";
  }
  return "not checked";
}

std::string keeper_text(const std::optional<std::string>& keeper) {
  if (!keeper) return "not listed";
  return keeper->empty() ? std::string("none") : gha::markdown_code(*keeper);
}

std::string keepers_markdown(const KeeperReport& report) {
  std::string md = "\n| kept image | keeper | |\n|---|---|---|\n";
  for (const auto& k : report.kept)
    md += "| " + gha::markdown_code(k.image) + " | " + (k.keeper.empty() ? "none" : gha::markdown_code(k.keeper)) +
          " | " + gha::markdown_cell(k.note) + " |\n";
  for (const auto& image : report.released)
    md += "| " + gha::markdown_code(image) + " | released | left the window |\n";
  for (const auto& w : report.warnings) md += "\nwarning: " + gha::markdown_cell(w) + "\n";
  return md;
}

// Every value here but the headings' own words came from a server (the
// history, the secrets API, a registry): each goes through gha/markdown.h.
std::string status_markdown(const Plan& plan, const Result& result) {
  const Outcome& out = result.outcome;
  std::string md = "### pin-image: status of " + gha::markdown_code(out.secret_name, gha::Within::kText) +
                   " (project " + gha::markdown_code(plan.project_ref, gha::Within::kText) + ")\n\n";
  const std::string failed =
      result.error ? "\nfailed: " + gha::markdown_cell(result.error->describe()) + "\n" : std::string();
  if (result.error && out.live_sha256.empty()) return md + failed;
  if (out.live_sha256.empty()) return md + "The secret is not set: no image is live.\n";
  md += "| | |\n|---|---|\n";
  if (!out.live) {
    md += "| live | unknown image (sha256 " + gha::markdown_code(out.live_sha256) + ") |\n";
  } else {
    const LiveImage& l = *out.live;
    md += "| live image | " + gha::markdown_code(l.image) + " |\n";
    md += "| digest | " +
          (l.check.presence == Presence::kExists ? gha::markdown_code(l.check.digest)
           : l.check.presence == Presence::kGone ? std::string("**gone from its registry**")
                                                 : std::string("cannot be checked")) +
          " |\n";
    md += "| platform " + gha::markdown_code(plan.platform.str()) + " | " + platform_text(l.check.platform) + " |\n";
    md += "| keeper | " + keeper_text(l.check.keeper) + " |\n";
    md += "| built | " + gha::markdown_cell(l.build_time) + " |\n";
    if (!l.pinned_at.empty()) md += "| pinned | " + gha::markdown_cell(l.pinned_at) + " |\n";
    if (!l.commit.empty()) md += "| commit | " + gha::markdown_code(l.commit) + " |\n";
    if (!l.run_url.empty()) md += "| run | " + gha::markdown_code(l.run_url) + " |\n";
  }
  if (!out.previous.empty()) {
    md +=
        "\n| earlier pin | built | pinned | in its registry | platform | keeper | rollback target kept |\n"
        "|---|---|---|---|---|---|---|\n";
    for (const auto& p : out.previous)
      md += "| " + gha::markdown_code(p.image) + " | " + gha::markdown_cell(p.build_time) + " | " +
            gha::markdown_cell(p.pinned_at.empty() ? "unknown" : p.pinned_at) + " | " +
            presence_text(p.check.presence) + " | " + platform_text(p.check.platform) + " | " +
            keeper_text(p.check.keeper) + " | " + (p.in_window ? "yes" : "no") + " |\n";
  }
  if (!out.missing.empty()) {
    md += "\n**Gone from the registry:**\n\n";
    for (const auto& m : out.missing) md += "- " + gha::markdown_cell(m) + "\n";
  }
  return md + failed;
}

}  // namespace

std::string summary_markdown(const Plan& plan, const Result& result) {
  if (plan.mode == Mode::kStatus) return status_markdown(plan, result);
  const Outcome& out = result.outcome;
  std::string md = "### pin-image: " + verdict(plan, result) + "\n\n| | |\n|---|---|\n";
  md += "| secret | " + gha::markdown_code(out.secret_name) + " (project " + gha::markdown_code(plan.project_ref) +
        ") |\n";
  if (!out.image.empty()) md += "| image | " + gha::markdown_code(out.image) + " |\n";
  if (!out.digest.empty()) md += "| digest | " + gha::markdown_code(out.digest) + " |\n";
  if (!out.secret_digest.empty()) md += "| secret sha256 | " + gha::markdown_code(out.secret_digest) + " |\n";
  if (!out.build_time.empty()) md += "| built | " + gha::markdown_cell(out.build_time) + " |\n";
  if (out.deployment_id != 0) md += "| GitHub deployment | " + std::to_string(out.deployment_id) + " |\n";
  md += "| platform checked | " + gha::markdown_code(plan.platform.str()) + " |\n";
  if (result.error) md += "| error | " + gha::markdown_cell(result.error->describe()) + " |\n";
  if (out.keepers) md += keepers_markdown(*out.keepers);
  return md;
}

}  // namespace flypin::cmd::pin_image
