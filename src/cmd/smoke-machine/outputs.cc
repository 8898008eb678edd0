#include "cmd/smoke-machine/outputs.h"

namespace flypin::cmd::smoke_machine {
namespace {

// Each line as the logs API gave it (the writers redact), oldest first.
OutputRecords logs_records(const std::optional<fly::MachineLogs>& logs) {
  OutputRecords records;
  if (!logs) return records;
  for (const auto& line : logs->lines) {
    records.push_back(core::json::FlatObject()
                          .add("timestamp", line.timestamp)
                          .add("provider", line.provider)
                          .add("instance", line.instance)
                          .add("region", line.region)
                          .add("level", line.level)
                          .add("message", line.text()));
  }
  return records;
}

}  // namespace

OutputList outputs_of(const Plan& plan, const Result& result) {
  const Outcome& o = result.outcome;
  OutputList results;
  if (plan.mode == Mode::kReap) {
    std::string ids;
    for (const auto& id : o.reaped) ids += (ids.empty() ? "" : ",") + id;
    results = {{"reaped", static_cast<long long>(o.reaped.size())}, {"reaped-ids", ids}};
  } else {
    results = {{"machine-id", o.machine_id},
               {"region", o.region},
               {"image-digest", o.image_digest},
               {"boot-ms", o.boot_ms},
               {"healthy-ms", o.healthy_ms},
               {"logs", logs_records(o.logs)},
               {"logs-note", o.logs ? o.logs->note : ""}};
  }
  results.push_back({"leftover-machine-id", o.leftover ? o.leftover->id : ""});
  return results;
}

}  // namespace flypin::cmd::smoke_machine
