#include "emulators/common/fault_gate.h"

#include <chrono>
#include <thread>

#include "emulators/common/connection_dropper.h"

namespace flypin::emulators {

FaultOutcome apply_fault(FaultPlan& plan, FaultPhase phase, const httplib::Request& req, httplib::Response& res,
                         const InjectedBody& body_for, std::string& note) {
  if (phase == FaultPhase::kAfter && (res.status < 200 || res.status > 299)) return FaultOutcome::kNone;
  auto fault = plan.take(req.method, req.path, phase);
  if (!fault) return FaultOutcome::kNone;
  const std::string prefix = phase == FaultPhase::kAfter ? "after:" : "";
  note = prefix + (fault->drop_connection ? "drop" : fault->status != 0 ? "status" : "delay");
  if (fault->delay_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(fault->delay_ms));
  if (fault->drop_connection) {
    drop_connection(req.local_port, req.remote_port);
    res.status = 500;  // never reaches the client: the socket is already shut down
    res.body.clear();
    return FaultOutcome::kDropped;
  }
  if (fault->status == 0) return FaultOutcome::kNone;
  res.status = fault->status;
  if (phase == FaultPhase::kAfter) res.headers.clear();  // nothing of the route's answer survives
  res.set_content(fault->body.empty() ? body_for(fault->status) : fault->body, "application/json");
  for (const auto& [name, value] : fault->headers) res.set_header(name, value);
  return FaultOutcome::kAnswered;
}

}  // namespace flypin::emulators
