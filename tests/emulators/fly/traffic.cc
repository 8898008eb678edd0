#include "traffic.h"

namespace flypin::flyemu {

void Traffic::add_fault(const Fault& f) {
  std::lock_guard lock(mu_);
  faults_.push_back(f);
}

std::optional<Fault> Traffic::take_fault(const std::string& method, const std::string& path) {
  std::lock_guard lock(mu_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (path.rfind(it->path_prefix, 0) != 0) continue;
    if (!it->method.empty() && it->method != method) continue;
    Fault f = *it;
    if (--it->count <= 0) faults_.erase(it);
    return f;
  }
  return std::nullopt;
}

void Traffic::record(const std::string& method, const std::string& path, int status) {
  std::lock_guard lock(mu_);
  seen_.push_back({method, path, status});
}

std::vector<SeenRequest> Traffic::seen() {
  std::lock_guard lock(mu_);
  return seen_;
}

void Traffic::clear() {
  std::lock_guard lock(mu_);
  faults_.clear();
  seen_.clear();
}

}  // namespace flypin::flyemu
