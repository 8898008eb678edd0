#pragma once
// Where an armed fault meets a request, the same way in every emulator:
// before the route (a delay, then an injected answer or a connection closed
// with no answer, and the route never runs), or after it (the route made its
// change and answered 2xx; then the answer is replaced or the connection is
// closed: the side effect happened, the client cannot know).

#include <httplib.h>

#include <functional>
#include <string>

#include "emulators/common/fault_plan.h"

namespace flypin::emulators {

enum class FaultOutcome {
  kNone,      // nothing armed matched (or only a delay): the exchange goes on as it was
  kAnswered,  // the injected status and body are the answer
  kDropped,   // the connection was closed without an answer
};

/// The emulator's own error body for an injected status without one.
using InjectedBody = std::function<std::string(int status)>;

/// Applies the next matching fault of `phase`. `note` is set for the journal
/// ("status", "drop", "delay", prefixed "after:" for kAfter). A kAfter fault
/// is only spent on a 2xx answer.
FaultOutcome apply_fault(FaultPlan& plan, FaultPhase phase, const httplib::Request& req, httplib::Response& res,
                         const InjectedBody& body_for, std::string& note);

}  // namespace flypin::emulators
