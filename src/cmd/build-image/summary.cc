#include "cmd/build-image/summary.h"

namespace flypin::cmd::build_image {

std::string summary_markdown(const Plan&, const Result& result) {
  if (!result.ok()) return "";
  const Outcome& o = result.outcome;
  std::string md = "### build-image\n\n";
  md += "| | |\n|---|---|\n";
  md += "| image | `" + o.image + "` |\n";
  md += "| digest | `" + o.digest + "` |\n";
  md += "| pinned | `" + o.image_pinned + "` |\n";
  md += "| builder | " + o.builder + " |\n\n";
  md += "The tag was confirmed in the registry after the push.\n";
  return md;
}

}  // namespace flypin::cmd::build_image
