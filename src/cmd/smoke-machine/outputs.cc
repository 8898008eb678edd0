#include "cmd/smoke-machine/outputs.h"

namespace flypin::cmd::smoke_machine {

core::json::FlatObject outputs_of(const Outcome& o) {
  core::json::FlatObject results;
  if (o.mode == Mode::kReap) {
    std::string ids;
    for (const auto& id : o.reaped) ids += (ids.empty() ? "" : ",") + id;
    results.add("reaped", static_cast<long long>(o.reaped.size())).add("reaped-ids", ids);
  } else {
    results.add("machine-id", o.machine_id)
        .add("region", o.region)
        .add("image-digest", o.image_digest)
        .add("boot-ms", o.boot_ms)
        .add("healthy-ms", o.healthy_ms);
  }
  results.add("leftover-machine-id", o.leftover ? o.leftover->id : "");
  return results;
}

}  // namespace flypin::cmd::smoke_machine
