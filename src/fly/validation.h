#pragma once
// What the Machines API accepts, checked before any request: a bad flag is a
// usage error (exit 2), never a 400 — or worse, a path the API reads as
// something else. And what the API hands back (a machine id) is checked before
// it goes into a URL.

#include <string_view>

#include "core/result.h"

namespace flypin::fly {

/// An app name is a DNS label (it becomes <app>.fly.dev): 1 to 63 lowercase
/// letters, digits and dashes, neither first nor last a dash.
core::Status validate_app_name(std::string_view app);

/// A region code: three lowercase letters (sin, iad, ams, ...).
core::Status validate_region(std::string_view region);

/// A machine id as the API issues them (14 hex digits today): 1 to 64
/// lowercase letters and digits. Anything else ("." and ".." would be read as
/// other paths; "," and line breaks would corrupt the id lists of outputs) is
/// never used in a request or an output.
bool is_machine_id(std::string_view id);

/// The error for an id the API handed back that is not one (kDecode), naming
/// it safely (escaped, cut short).
core::Error not_a_machine_id(std::string_view id, std::string_view where);

/// A lease nonce as it goes back in the fly-machine-lease-nonce header: 1 to
/// 256 visible ASCII characters (no space, CR or LF that could end the header
/// line and add headers of the server's choosing).
bool is_lease_nonce(std::string_view nonce);

}  // namespace flypin::fly
