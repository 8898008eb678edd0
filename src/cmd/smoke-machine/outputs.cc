#include "cmd/smoke-machine/outputs.h"

namespace flypin::cmd::smoke_machine {

OutputList outputs_of(const Outcome& o) {
  OutputList results;
  if (o.mode == Mode::kReap) {
    std::string ids;
    for (const auto& id : o.reaped) ids += (ids.empty() ? "" : ",") + id;
    results = {{"reaped", static_cast<long long>(o.reaped.size())}, {"reaped-ids", ids}};
  } else {
    results = {{"machine-id", o.machine_id},
               {"region", o.region},
               {"image-digest", o.image_digest},
               {"boot-ms", o.boot_ms},
               {"healthy-ms", o.healthy_ms}};
  }
  results.push_back({"leftover-machine-id", o.leftover ? o.leftover->id : ""});
  return results;
}

}  // namespace flypin::cmd::smoke_machine
