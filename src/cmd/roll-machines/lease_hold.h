#pragma once
// The lease held on one machine while it is rolled: taken for a ttl the
// forward roll cannot outlive (the update, then the wait for health), kept
// alive while waiting, extended again before a restore, and always released.
// Fly's own flyctl refreshes its leases the same way (FIDELITY L2, L6).

#include <chrono>
#include <string>

#include "core/clock.h"
#include "fly/client.h"

namespace flypin::cmd::roll_machines {

class LeaseHold {
 public:
  /// `ttl`: what one stage of the roll (an update and its wait for health) needs, at most an hour.
  LeaseHold(fly::Client& fly, core::Clock& clock, std::string app, std::string id, std::chrono::seconds ttl);
  ~LeaseHold();
  LeaseHold(const LeaseHold&) = delete;
  LeaseHold& operator=(const LeaseHold&) = delete;

  core::Status acquire(const std::string& description);
  /// Extends the lease to a full ttl from now (before a stage starts).
  core::Status extend();
  /// Extends it when less than a minute is left (while waiting).
  core::Status keep();
  /// Releases it (once; also done by the destructor). A failure is only logged: it expires by itself.
  void release();

  const std::string& nonce() const { return nonce_; }
  /// "its lease expires by itself at <UTC>", for a lease that could not be released.
  std::string expiry_text() const;

 private:
  fly::Client& fly_;
  core::Clock& clock_;
  std::string app_;
  std::string id_;
  std::chrono::seconds ttl_;
  std::string nonce_;
  long long expires_at_ = 0;  // unix seconds, as the API says
};

}  // namespace flypin::cmd::roll_machines
