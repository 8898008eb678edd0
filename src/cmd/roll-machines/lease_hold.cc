#include "cmd/roll-machines/lease_hold.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>

#include "core/interrupt.h"

namespace flypin::cmd::roll_machines {

using namespace std::chrono_literals;

LeaseHold::LeaseHold(fly::Client& fly, core::Clock& clock, std::string app, std::string id, std::chrono::seconds ttl)
    : fly_(fly),
      clock_(clock),
      app_(std::move(app)),
      id_(std::move(id)),
      ttl_(std::min(ttl, std::chrono::seconds(3600))) {}

LeaseHold::~LeaseHold() { release(); }

core::Status LeaseHold::acquire(const std::string& description) {
  auto lease = fly_.acquire_lease(app_, id_, ttl_, description);
  if (!lease.ok()) return std::move(lease).error();
  nonce_ = lease->nonce;
  expires_at_ = lease->expires_at;
  return core::ok_status();
}

core::Status LeaseHold::extend() {
  if (nonce_.empty()) return core::ok_status();
  auto lease = fly_.refresh_lease(app_, id_, nonce_, ttl_);
  if (!lease.ok()) return std::move(lease).error();
  expires_at_ = lease->expires_at;
  return core::ok_status();
}

core::Status LeaseHold::keep() {
  if (expires_at_ - clock_.unix_seconds() > 60) return core::ok_status();
  return extend();
}

void LeaseHold::release() {
  if (nonce_.empty()) return;
  // After the runner's second signal nothing more goes out: the lease expires by itself.
  if (core::urgent()) {
    spdlog::warn("machine {}: lease not released; {}", id_, expiry_text());
    nonce_.clear();
    return;
  }
  if (auto st = fly_.release_lease(app_, id_, nonce_); !st.ok())
    spdlog::warn("machine {}: lease not released ({}); {}", id_, st.error().message, expiry_text());
  nonce_.clear();
}

std::string LeaseHold::expiry_text() const {
  if (expires_at_ <= 0) return "it expires by itself";
  const std::time_t t = static_cast<std::time_t>(expires_at_);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string("it expires by itself at ") + buf;
}

}  // namespace flypin::cmd::roll_machines
