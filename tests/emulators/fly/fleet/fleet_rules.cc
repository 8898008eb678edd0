#include "emulators/fly/fleet/fleet_rules.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace flypin::emulators::fly {

core::Error http_error(int status, std::string message) {
  core::Error e = core::Error::internal(std::move(message));
  e.http_status = status;
  return e;
}

// The config as echoed: what was sent, with the guest the machine really got.
std::string effective_config(const std::string& config_json, const Guest& guest) {
  rapidjson::Document doc;
  doc.Parse(config_json.c_str());
  if (doc.HasParseError() || !doc.IsObject()) return config_json;
  auto& a = doc.GetAllocator();
  rapidjson::Value g(rapidjson::kObjectType);
  g.AddMember("cpu_kind", rapidjson::Value(guest.cpu_kind.c_str(), a), a);
  g.AddMember("cpus", guest.cpus, a);
  g.AddMember("memory_mb", guest.memory_mb, a);
  if (doc.HasMember("guest")) doc.RemoveMember("guest");
  doc.AddMember("guest", g, a);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  doc.Accept(w);
  return buf.GetString();
}

bool is_active(const std::string& state) {
  return state == "started" || state == "starting" || state == "stopping" || state == "replacing";
}

std::vector<CheckResult> first_run_results(const std::vector<CheckSpec>& checks, ChecksBeforeFirstRun form,
                                           const std::string& now) {
  std::vector<CheckResult> out;
  for (const auto& c : checks) {
    CheckResult r{c.name, "warning", "waiting for status update", now, true};
    r.reported = form == ChecksBeforeFirstRun::kWarning;
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<CheckResult> results_after_restart(const std::vector<CheckSpec>& checks,
                                               const std::vector<CheckResult>& before, const FlyVariants& variants,
                                               const std::string& now) {
  auto out = first_run_results(checks, variants.checks_before_first_run, now);
  if (variants.checks_after_restart == ChecksAfterRestart::kReset) return out;
  for (auto& r : out) {
    for (const auto& old : before)
      if (old.name == r.name && old.reported) r = old;
  }
  return out;
}

}  // namespace flypin::emulators::fly
