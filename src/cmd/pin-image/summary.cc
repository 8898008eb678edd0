#include "cmd/pin-image/summary.h"

namespace flypin::cmd::pin {

std::string summary_markdown(const Options& o, const Outcome& out) {
  std::string verdict = o.mode() == Mode::kDryRun    ? "plan only (dry run)"
                        : out.changed                ? "pinned"
                        : o.mode() == Mode::kCheckOnly ? "in sync (check only)"
                                                     : "already pinned, nothing changed";
  std::string md = "### pin-image: " + verdict + "\n\n| | |\n|---|---|\n";
  md += "| secret | `" + out.secret_name + "` (project `" + o.project_ref + "`) |\n";
  md += "| image | `" + out.image + "` |\n";
  if (!out.digest.empty()) md += "| digest | `" + out.digest + "` |\n";
  if (!out.secret_digest.empty()) md += "| secret sha256 | `" + out.secret_digest + "` |\n";
  md += "| platform checked | `" + o.platform + "` |\n";
  return md;
}

}  // namespace flypin::cmd::pin
