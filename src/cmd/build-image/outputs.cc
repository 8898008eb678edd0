#include "cmd/build-image/outputs.h"

namespace flypin::cmd::build_image {

OutputList outputs_of(const Plan&, const Result& result) {
  if (!result.ok()) return {};
  const Outcome& o = result.outcome;
  return {{"image", o.image}, {"tag", o.tag}, {"digest", o.digest}, {"image-pinned", o.image_pinned}};
}

}  // namespace flypin::cmd::build_image
