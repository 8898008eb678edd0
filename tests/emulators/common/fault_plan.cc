#include "emulators/common/fault_plan.h"

#include <rapidjson/document.h>

namespace flypin::emulators {

std::optional<std::string> FaultPlan::add_from_json(std::string_view body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) return "fault must be a JSON object";
  Fault f;
  auto str = [&](const char* key, std::string& out) {
    if (doc.HasMember(key) && doc[key].IsString()) out = doc[key].GetString();
  };
  auto num = [&](const char* key, int& out) {
    if (doc.HasMember(key) && doc[key].IsInt()) out = doc[key].GetInt();
  };
  str("path_prefix", f.path_prefix);
  str("path", f.path);
  str("method", f.method);
  str("body", f.body);
  num("status", f.status);
  num("delay_ms", f.delay_ms);
  num("count", f.count);
  if (doc.HasMember("drop_connection") && doc["drop_connection"].IsBool()) {
    f.drop_connection = doc["drop_connection"].GetBool();
  }
  if (doc.HasMember("when")) {
    const std::string when = doc["when"].IsString() ? doc["when"].GetString() : "";
    if (when != "before" && when != "after") return "when must be \"before\" or \"after\"";
    f.when = when == "after" ? FaultPhase::kAfter : FaultPhase::kBefore;
  }
  if (doc.HasMember("headers")) {
    if (!doc["headers"].IsObject()) return "headers must be an object of strings";
    for (const auto& h : doc["headers"].GetObject()) {
      if (!h.value.IsString()) return "headers must be an object of strings";
      f.headers.emplace_back(h.name.GetString(), h.value.GetString());
    }
  }
  return add(std::move(f));
}

std::optional<std::string> FaultPlan::add(Fault f) {
  if (f.count < 1) return "count must be at least 1";
  if (f.status == 0 && f.delay_ms <= 0 && !f.drop_connection) {
    return "fault needs one of status, delay_ms or drop_connection";
  }
  if (f.status != 0 && (f.status < 100 || f.status > 599)) return "status must be an HTTP status";
  std::lock_guard lock(mutex_);
  faults_.push_back(std::move(f));
  return std::nullopt;
}

std::optional<Fault> FaultPlan::take(const std::string& method, const std::string& path, FaultPhase phase) {
  std::lock_guard lock(mutex_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (it->when != phase) continue;
    if (!it->method.empty() && it->method != method) continue;
    if (!path.starts_with(it->path_prefix)) continue;
    if (!it->path.empty() && it->path != path) continue;
    Fault f = *it;
    if (--it->count <= 0) faults_.erase(it);
    return f;
  }
  return std::nullopt;
}

void FaultPlan::clear() {
  std::lock_guard lock(mutex_);
  faults_.clear();
}

}  // namespace flypin::emulators
