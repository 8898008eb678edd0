// Machine leases: an exclusive hold on changing a machine, with a nonce and a ttl.
#include <chrono>

#include "emulators/fly/fleet/fleet.h"
#include "emulators/fly/fleet/fleet_rules.h"
#include "emulators/fly/model/clock_text.h"

namespace flypin::emulators::fly {
namespace {

long long unix_now() { return unix_ms_now() / 1000; }

bool held(const std::optional<Lease>& lease) { return lease && lease->expires_at > unix_now(); }

// The two real shapes (FIDELITY E2, E3): a change refused because another
// holds the lease, and the lease endpoint's own conflict (its codes carry
// "invalid", the envelope's code; the route writes the envelope).
core::Error held_by_another(const Machine& m, const Lease& lease) {
  return http_error(409, "aborted: machine ID " + m.id + " lease currently held by " + lease.owner + ", expires at " +
                             utc_text(lease.expires_at, UtcForm::kRfc3339));
}

core::Error lease_conflict(const Machine& m, const Lease& lease) {
  auto e = http_error(409, "machine ID " + m.id + " lease currently held by " + lease.owner + ", expires at " +
                               utc_text(lease.expires_at, UtcForm::kGo));
  e.codes.push_back("invalid");
  return e;
}

}  // namespace

core::Status Fleet::check_lease(Machine& m, const std::string& nonce) {
  if (!held(m.lease)) return core::ok_status();
  if (nonce == m.lease->nonce) return core::ok_status();
  return held_by_another(m, *m.lease);
}

core::Status Fleet::lease_allows(const std::string& app, const std::string& id, const std::string& nonce) {
  std::lock_guard lock(mu_);
  Machine* m = find(app, id);
  if (!m) return core::ok_status();  // the action answers the 404 itself
  return check_lease(*m, nonce);
}

core::Result<Lease> Fleet::acquire_lease(const std::string& app, const std::string& id, int ttl_seconds,
                                         const std::string& description, const std::string& owner,
                                         const std::string& nonce) {
  std::lock_guard lock(mu_);
  Machine* m = find(app, id);
  if (!m || m->state == "destroyed") return http_error(404, "machine not found");
  if (held(m->lease)) {
    if (nonce.empty() || nonce != m->lease->nonce) return lease_conflict(*m, *m->lease);
    m->lease->expires_at = unix_now() + ttl_seconds;  // a refresh
    return *m->lease;
  }
  m->lease = Lease{new_ulid(), owner, description, unix_now() + ttl_seconds};
  return *m->lease;
}

std::optional<Lease> Fleet::lease_of(const std::string& app, const std::string& id) {
  std::lock_guard lock(mu_);
  Machine* m = find(app, id);
  if (!m || !held(m->lease)) return std::nullopt;
  return m->lease;
}

core::Status Fleet::release_lease(const std::string& app, const std::string& id, const std::string& nonce) {
  std::lock_guard lock(mu_);
  Machine* m = find(app, id);
  if (!m) return http_error(404, "machine not found");
  if (!held(m->lease)) return http_error(404, "lease not found");
  if (nonce != m->lease->nonce) return held_by_another(*m, *m->lease);
  m->lease.reset();
  return core::ok_status();
}

}  // namespace flypin::emulators::fly
