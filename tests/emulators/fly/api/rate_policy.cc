#include "emulators/fly/api/rate_policy.h"

#include <regex>

namespace flypin::emulators::fly {
namespace {

const std::regex& machine_path() {
  static const std::regex kMachine(R"(^/v1/apps/([^/]+)/machines/([^/]+)(?:/([a-z_]+))?$)");
  return kMachine;
}

}  // namespace

std::string action_of(const std::string& method, const std::string& path) {
  std::smatch m;
  if (std::regex_match(path, m, machine_path())) {
    std::string sub = m[3].matched ? m[3].str() : "";
    if (sub == "lease") return method == "GET" ? "get" : "lease";
    if (!sub.empty()) return sub;
    return method == "DELETE" ? "delete" : method == "GET" ? "get" : "update";
  }
  if (path.rfind("/api/v1/", 0) == 0) return "logs";
  return method == "POST" ? "create" : "list";
}

std::string scope_of(const std::string& path) {
  std::smatch m;
  if (std::regex_match(path, m, machine_path())) return "machine:" + m[2].str();
  static const std::regex kApp(R"(^(?:/api)?/v1/apps/([^/]+)/)");
  if (std::regex_search(path, m, kApp)) return "app:" + m[1].str();
  return "path:" + path;
}

BucketRule rule_for(const std::string& action) {
  return action == "get" ? BucketRule{5.0, 10.0} : BucketRule{1.0, 3.0};
}

bool rate_limited(const std::string& action) { return action != "logs"; }

}  // namespace flypin::emulators::fly
