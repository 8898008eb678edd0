#include "cmd/roll-machines/outputs.h"

namespace flypin::cmd::roll_machines {
namespace {

std::string ids_of(const Outcome& o, RollResult result) {
  std::string out;
  for (const auto& m : o.rolled)
    if (m.result == result) out += (out.empty() ? "" : ",") + m.id;
  return out;
}

// Unknown from the list (never touched), or found so when read before the update.
std::string unknown_ids(const Outcome& o) {
  std::string out;
  for (const auto& m : o.drift.unknown) out += (out.empty() ? "" : ",") + m.id;
  const std::string rolled = ids_of(o, RollResult::kUnknown);
  if (!rolled.empty()) out += (out.empty() ? "" : ",") + rolled;
  return out;
}

}  // namespace

std::string report_json(const DriftReport& drift) {
  std::string counts = "[";
  for (const auto& c : drift.counts) {
    if (counts.size() > 1) counts += ",";
    counts += core::json::FlatObject().add("digest", c.digest).add("state", c.state).add("count", c.count).str();
  }
  std::string drifted = "[";
  for (const auto& m : drift.drifted) {
    if (drifted.size() > 1) drifted += ",";
    drifted += core::json::FlatObject()
                   .add("id", m.id)
                   .add("region", m.region)
                   .add("state", m.state)
                   .add("digest", m.digest)
                   .str();
  }
  std::string unknown = "[";
  for (const auto& m : drift.unknown) {
    if (unknown.size() > 1) unknown += ",";
    unknown += core::json::FlatObject().add("id", m.id).add("region", m.region).add("state", m.state).str();
  }
  std::string head = core::json::FlatObject()
                         .add("pin", drift.pin_digest)
                         .add("selected", drift.selected)
                         .add("on_pin", drift.on_pin)
                         .add("drifted", static_cast<long long>(drift.drifted.size()))
                         .add("smoke_skipped", drift.smoke_skipped)
                         .str();
  head.pop_back();
  return head + ",\"counts\":" + counts + "],\"machines\":" + drifted + "],\"unknown\":" + unknown + "]}";
}

OutputList outputs_of(const Plan&, const Result& result) {
  const Outcome& o = result.outcome;
  std::string drifted_ids;
  for (const auto& m : o.drift.drifted) drifted_ids += (drifted_ids.empty() ? "" : ",") + m.id;
  std::string restored;
  for (const auto& m : o.rolled)
    if (m.restored) restored += (restored.empty() ? "" : ",") + m.id;
  return {{"image", o.image},
          {"digest", o.digest},
          {"pin-verified", o.pin_verified},
          {"total", o.drift.selected},
          {"current", o.drift.on_pin},
          {"drifted", static_cast<long long>(o.drift.drifted.size())},
          {"drifted-ids", drifted_ids},
          {"updated", count_of(o, RollResult::kUpdated)},
          {"already-on-pin", count_of(o, RollResult::kAlreadyOnPin)},
          {"skipped-leased", ids_of(o, RollResult::kLeased)},
          {"skipped-changed", ids_of(o, RollResult::kChanged)},
          {"skipped-gone", ids_of(o, RollResult::kGone)},
          {"skipped-unknown", unknown_ids(o)},
          {"interrupted", ids_of(o, RollResult::kInterrupted)},
          {"failed", ids_of(o, RollResult::kFailed)},
          {"restored", restored},
          {"report", report_json(o.drift)}};
}

}  // namespace flypin::cmd::roll_machines
