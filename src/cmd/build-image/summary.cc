#include "cmd/build-image/summary.h"

#include "gha/markdown.h"

namespace flypin::cmd::build_image {

std::string summary_markdown(const Plan&, const Result& result) {
  if (!result.ok()) return "";
  const Outcome& o = result.outcome;
  std::string md = "### build-image\n\n";
  md += "| | |\n|---|---|\n";
  md += "| image | `" + o.image + "` |\n";
  md += "| digest | `" + o.digest + "` |\n";
  md += "| pinned | `" + o.image_pinned + "` |\n";
  md += "| builder | " + o.builder + " |\n";
  md += "| cache | " + gha::markdown_cell(o.cache) + " |\n\n";
  if (!o.steps.empty()) {
    md += "| step | cache |\n|---|---|\n";
    for (const auto& step : o.steps) {
      md += "| " + gha::markdown_cell(step.step) + " | " + (step.cache == build::StepCache::kCached ? "hit" : "built") +
            " |\n";
    }
    md += "\n" + build::cache_hits_line(o.steps) + ".\n\n";
  }
  md += "The tag was confirmed in the registry after the push.\n";
  return md;
}

}  // namespace flypin::cmd::build_image
