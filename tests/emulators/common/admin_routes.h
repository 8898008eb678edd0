#pragma once
// The admin routes every emulator has, in one home (no auth: emulators bind
// loopback only): POST /_admin/faults (FaultPlan's JSON), GET
// /_admin/requests (the journal), GET /_admin/variants (what was chosen at
// start), POST /_admin/reset (faults, journal, then the emulator's own
// state). Answers are {"ok":true}, or 400 {"error":...}.

#include <httplib.h>

#include <functional>

#include "emulators/common/fault_plan.h"
#include "emulators/common/request_journal.h"
#include "emulators/common/variants.h"

namespace flypin::emulators {

struct AdminHooks {
  FaultPlan& faults;
  RequestJournal& journal;
  const Variants& variants;
  /// The emulator's own state back to the start (after faults and journal are cleared).
  std::function<void()> reset;
};

void install_common_admin_routes(httplib::Server& server, AdminHooks hooks);

/// {"error": message}: what admin routes answer on a bad request.
void admin_problem(httplib::Response& res, int status, const std::string& message);

}  // namespace flypin::emulators
