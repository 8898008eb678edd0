#pragma once
// What became of an update whose answer does not say (tests/emulators/fly/
// FIDELITY.md, faults after the side effect; U7): the connection was cut, or
// the API answered 408, 5xx or 412 (a 412 has several meanings on Fly, a
// stale current_version only one of them, and what a stale one gets is not
// documented). The update may have been applied all the same, so the machine
// is read back and judged by its config image and its version, never by the
// answer. A 2xx is read back too: an answer is not the machine.

#include <string>

#include "core/error.h"
#include "fly/machine.h"

namespace flypin::cmd::roll_machines {

enum class Applied {
  kYes,              // the machine names the image the update sent
  kNo,               // it is still on the version the update was based on
  kChangedMeanwhile  // another version, not ours: someone else changed it
};

/// `sent_image`: config.image the update sent; `based_on`: the version it was based on.
Applied judge_update(const fly::Machine& read_back, const std::string& sent_image, const std::string& based_on);

/// A failure after which the update may or may not have been applied: no
/// answer (a cut connection, a timeout), 408, 5xx, or 412.
bool is_ambiguous(const core::Error& error);

}  // namespace flypin::cmd::roll_machines
