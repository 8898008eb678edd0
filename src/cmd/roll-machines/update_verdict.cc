#include "cmd/roll-machines/update_verdict.h"

namespace flypin::cmd::roll_machines {

Applied judge_update(const fly::Machine& m, const std::string& sent_image, const std::string& based_on) {
  if (m.config.image == sent_image) return Applied::kYes;
  if (m.instance_id == based_on) return Applied::kNo;
  return Applied::kChangedMeanwhile;
}

bool is_ambiguous(const core::Error& e) {
  if (e.kind == core::ErrorKind::kNetwork || e.kind == core::ErrorKind::kTimeout) return true;
  const int s = e.http_status;
  return s == 408 || s == 412 || (s >= 500 && s <= 599);
}

}  // namespace flypin::cmd::roll_machines
