#include "api/rate_policy.h"

#include <regex>

namespace flypin::emulators::fly {

std::string action_of(const std::string& method, const std::string& path) {
  static const std::regex kMachine(R"(^/v1/apps/[^/]+/machines/[^/]+(?:/([a-z_]+))?$)");
  std::smatch m;
  if (std::regex_match(path, m, kMachine)) {
    std::string sub = m[1].matched ? m[1].str() : "";
    if (!sub.empty()) return sub;
    return method == "DELETE" ? "delete" : method == "GET" ? "get" : "update";
  }
  if (path.rfind("/api/v1/", 0) == 0) return "logs";
  return method == "POST" ? "create" : "list";
}

BucketRule rule_for(const std::string& action) {
  const bool read = action == "get" || action == "list" || action == "wait" || action == "events" || action == "logs";
  return read ? BucketRule{5.0, 10.0} : BucketRule{1.0, 3.0};
}

}  // namespace flypin::emulators::fly
