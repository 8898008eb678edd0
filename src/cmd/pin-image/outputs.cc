#include "cmd/pin-image/outputs.h"

namespace flypin::cmd::pin_image {
namespace {

std::string lines_of(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += item + "\n";
  return out;
}

core::json::FlatObject pin_record(const std::string& image, const char* role, const ImageCheck& c,
                                  const std::string& built, const std::string& pinned, bool in_window) {
  core::json::FlatObject r;
  r.add("image", image).add("role", role).add("registry", presence_word(c.presence));
  r.add("digest", c.digest).add("platform", platform_word(c.platform)).add("built", built).add("pinned", pinned);
  r.add("keeper", c.keeper ? *c.keeper : std::string("unchecked")).add("in-window", in_window);
  return r;
}

OutputList status_outputs(const Outcome& o) {
  const LiveImage live = o.live.value_or(LiveImage{});
  std::string previous;
  // One "IMAGE WORD" a line: images are valid references (history.h), so none holds a line break or a space.
  for (const auto& p : o.previous) previous += p.image + " " + presence_word(p.check.presence) + "\n";
  OutputRecords pins;
  if (o.live) pins.push_back(pin_record(live.image, "live", live.check, live.build_time, live.pinned_at, true));
  for (const auto& p : o.previous)
    pins.push_back(pin_record(p.image, "earlier", p.check, p.build_time, p.pinned_at, p.in_window));
  return {{"secret-name", o.secret_name},
          {"secret-digest", o.live_sha256},
          {"live-image", live.image},
          {"live-digest", live.check.digest},
          {"live-build-time", live.build_time},
          {"pinned-at", live.pinned_at},
          {"live-commit", live.commit},
          {"live-run-url", live.run_url},
          {"live-platform", o.live ? platform_word(live.check.platform) : ""},
          {"previous-images", previous},
          {"pins", pins},
          {"missing", lines_of(o.missing)},
          {"unkept", lines_of(o.unkept)}};
}

OutputRecords keeper_records(const KeeperReport& report) {
  OutputRecords out;
  for (const auto& k : report.kept)
    out.push_back(core::json::FlatObject().add("image", k.image).add("keeper", k.keeper).add("note", k.note));
  return out;
}

}  // namespace

OutputList outputs_of(const Plan& plan, const Result& result) {
  const Outcome& o = result.outcome;
  if (plan.mode == Mode::kStatus) return status_outputs(o);
  OutputList out = {{"image", o.image},
                    {"digest", o.digest},
                    {"secret-name", o.secret_name},
                    {"changed", o.changed},
                    {"verified", o.verified},
                    {"secret-digest", o.secret_digest},
                    {"build-time", o.build_time},
                    {"deployment-id", static_cast<long long>(o.deployment_id)}};
  if (o.keepers) {
    out.push_back({"keepers", keeper_records(*o.keepers)});
    out.push_back({"keeper-warnings", static_cast<long long>(o.keepers->warnings.size())});
  }
  return out;
}

}  // namespace flypin::cmd::pin_image
