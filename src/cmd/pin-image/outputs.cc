#include "cmd/pin-image/outputs.h"

namespace flypin::cmd::pin_image {
namespace {

OutputList status_outputs(const Outcome& o) {
  const LiveImage live = o.live.value_or(LiveImage{});
  std::string previous;
  // One "IMAGE WORD" a line: images are valid references (history.h), so none holds a line break or a space.
  for (const auto& p : o.previous) previous += p.image + " " + presence_word(p.presence) + "\n";
  return {{"secret-name", o.secret_name}, {"secret-digest", o.live_sha256},     {"live-image", live.image},
          {"live-digest", live.digest},   {"live-build-time", live.build_time}, {"pinned-at", live.pinned_at},
          {"live-commit", live.commit},   {"live-run-url", live.run_url},       {"previous-images", previous}};
}

}  // namespace

OutputList outputs_of(const Plan& plan, const Result& result) {
  const Outcome& o = result.outcome;
  if (plan.mode == Mode::kStatus) return status_outputs(o);
  return {{"image", o.image},
          {"digest", o.digest},
          {"secret-name", o.secret_name},
          {"changed", o.changed},
          {"verified", o.verified},
          {"secret-digest", o.secret_digest},
          {"build-time", o.build_time},
          {"deployment-id", static_cast<long long>(o.deployment_id)}};
}

}  // namespace flypin::cmd::pin_image
