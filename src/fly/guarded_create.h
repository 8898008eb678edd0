#pragma once
// Creating a machine when the answer may be lost. A create is not idempotent:
// a 500, a 502, a cut connection or a 200 whose body we cannot read may each
// hide a machine that now exists. Like flyctl, we tag what we create: every
// create carries a marker of its own in its metadata (markers::kCreate), and
// the name, unique within the app, is kept for every attempt. Whenever a
// create may have happened, the app's machines are listed by that marker
// before anything else is decided:
// - found: it is ours, and the create is done;
// - not found after an answer that proves nothing was made (a 5xx, a cut
//   connection): the POST is sent again, same name and marker — should the
//   first one land after all, the second gets 409 and the search finds it;
// - a 429 is a refusal, waited out (Retry-After) and sent again;
// - an API that cannot be reached (refused connection, no address; the HTTP
//   client has sent again a few times) got nothing: the error, at once;
// - a 409 without our marker on the machine is someone else's name: not ours
//   to touch;
// - the list itself failing, or a signal: whether the machine exists is
//   unknown, and the caller must keep looking (find_created) during cleanup.

#include <optional>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "fly/client.h"
#include "fly/markers.h"

namespace flypin::fly {

/// The machine carrying `marker` (and named `name`), nullopt when the API
/// lists none, an error when it cannot be asked.
core::Result<std::optional<Machine>> find_created(Client& client, const std::string& app, const std::string& name,
                                                  const std::string& marker);

enum class Existence {
  kNone,      // no machine was created
  kUnknown,   // one may exist: the API could not be asked, or says it made one it does not list
  kInFlight,  // a create was cut off unanswered (signal, cut connection, timeout) and may still land
};

class GuardedCreate {
 public:
  GuardedCreate(Client& client, core::Clock& clock);

  /// Creates the machine (adding the marker to its metadata) or finds the one
  /// a lost answer created. Gives up at `deadline`.
  core::Result<Machine> run(const std::string& app, CreateMachineRequest request, core::Clock::TimePoint deadline);

  const std::string& marker() const { return marker_; }
  /// After run() failed: whether a machine may exist under the marker.
  Existence existence() const { return existence_; }

 private:
  /// Lists by marker until found, or absent for `patience`, or `deadline`.
  core::Result<std::optional<Machine>> search(const std::string& app, const std::string& name,
                                              std::chrono::milliseconds patience, core::Clock::TimePoint deadline);

  Client& client_;
  core::Clock& clock_;
  std::string marker_;
  Existence existence_ = Existence::kNone;
};

}  // namespace flypin::fly
