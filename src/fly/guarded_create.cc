#include "fly/guarded_create.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/crypto.h"
#include "fly/validation.h"

namespace flypin::fly {
namespace {

using namespace std::chrono_literals;

constexpr int kMaxPosts = 4;
// A machine the API said it created (2xx) or whose name it says is taken (409)
// must show up in the list; give the list this long to catch up.
constexpr auto kListPatience = 5s;

enum class Verdict {
  kRefused,       // 4xx: nothing was created
  kUnreachable,   // no connection, no address (after the client's retries): nothing was sent
  kThrottled,     // 429: refused for now
  kNameTaken,     // 409: a machine has this name
  kMaybeCreated,  // 5xx, 408, a cut connection, a timeout
  kCreated,       // 2xx whose body we cannot use
  kCancelled,     // a signal
};

Verdict classify(const core::Error& e) {
  switch (e.kind) {
    case core::ErrorKind::kCancelled:
      return Verdict::kCancelled;
    case core::ErrorKind::kNetwork:
    case core::ErrorKind::kTimeout:
      return e.delivery == core::Delivery::kNotSent ? Verdict::kUnreachable : Verdict::kMaybeCreated;
    case core::ErrorKind::kDecode:
      return e.http_status >= 200 && e.http_status < 300 ? Verdict::kCreated : Verdict::kMaybeCreated;
    case core::ErrorKind::kHttp:
      if (e.http_status == 429) return Verdict::kThrottled;
      if (e.http_status == 409) return Verdict::kNameTaken;
      if (e.http_status == 408 || e.http_status >= 500) return Verdict::kMaybeCreated;
      return Verdict::kRefused;
    default:
      return Verdict::kRefused;
  }
}

}  // namespace

core::Result<std::optional<Machine>> find_created(Client& client, const std::string& app, const std::string& name,
                                                  const std::string& marker) {
  auto machines = client.list(app, {{markers::kCreate, marker}}, IncludeDeleted::kNo);
  if (!machines.ok()) return machines.error();
  for (auto& m : *machines) {
    if (m.name == name && is_machine_id(m.id) && m.state != "destroyed") return std::optional<Machine>(std::move(m));
  }
  return std::optional<Machine>();
}

GuardedCreate::GuardedCreate(Client& client, core::Clock& clock)
    : client_(client), clock_(clock), marker_(core::random_hex(8)) {}

core::Result<std::optional<Machine>> GuardedCreate::search(const std::string& app, const std::string& name,
                                                           std::chrono::milliseconds patience,
                                                           core::Clock::TimePoint deadline) {
  const auto absent_after = clock_.now() + patience;
  while (true) {
    auto found = find_created(client_, app, name, marker_);
    if (found.ok() && (found->has_value() || clock_.now() >= absent_after)) return found;
    if (!found.ok()) {
      // An API that cannot be reached (the client has retried) will not answer by the deadline either:
      // whoever created the machine keeps looking for it, within their cleanup deadline.
      if (found.error().kind == core::ErrorKind::kCancelled || !found.error().retryable() ||
          found.error().delivery == core::Delivery::kNotSent) {
        return found;
      }
      spdlog::warn("cannot tell yet whether machine {} exists: {}; asking again", name, found.error().describe());
    }
    if (clock_.now() >= deadline) return found;
    if (!clock_.sleep_for(1s)) return core::Error::cancelled();
  }
}

core::Result<Machine> GuardedCreate::run(const std::string& app, CreateMachineRequest request,
                                         core::Clock::TimePoint deadline) {
  request.metadata[markers::kCreate] = marker_;
  existence_ = Existence::kNone;
  core::Error last;
  int throttled = 0;
  for (int posts = 0; posts < kMaxPosts;) {
    auto created = client_.create(app, request);
    if (created.ok()) return created;
    last = created.error();
    const auto verdict = classify(last);
    if (verdict == Verdict::kRefused) return last;
    if (verdict == Verdict::kUnreachable) {
      last.message += "; no machine was created";
      return last;
    }
    if (verdict == Verdict::kCancelled) {
      existence_ = Existence::kInFlight;
      return last;
    }
    if (verdict == Verdict::kThrottled) {
      const auto delay = std::min<std::chrono::milliseconds>(1s * (1 << std::min(throttled++, 3)), 8s);
      if (clock_.now() + delay > deadline) return last;
      spdlog::warn("{}; creating again in {} ms", last.describe(), delay.count());
      if (!clock_.sleep_for(delay)) return core::Error::cancelled();
      continue;
    }
    ++posts;
    spdlog::warn("{}; the machine may exist all the same: looking for it by its marker", last.describe());
    const auto patience = verdict == Verdict::kMaybeCreated ? 0ms : std::chrono::milliseconds(kListPatience);
    auto found = search(app, request.name, patience, deadline);
    if (!found.ok()) {
      const bool unanswered = last.kind == core::ErrorKind::kNetwork || last.kind == core::ErrorKind::kTimeout;
      existence_ =
          unanswered || found.error().kind == core::ErrorKind::kCancelled ? Existence::kInFlight : Existence::kUnknown;
      auto error = found.error();
      if (error.kind != core::ErrorKind::kCancelled) {
        error.message = last.describe() + "; whether machine " + request.name +
                        " was created could not be found out: " + error.message;
      }
      return error;
    }
    if (found->has_value()) {
      spdlog::warn("machine {} ({}) was created all the same: going on with it", (*found)->id, request.name);
      return std::move(**found);
    }
    if (verdict == Verdict::kCreated) {
      existence_ = Existence::kUnknown;
      last.message += ", and it does not list a machine named " + request.name;
      return last;
    }
    if (verdict == Verdict::kNameTaken) {
      return core::Error::check("create machine " + request.name +
                                ": the name is taken by a machine flypin did not create in this run");
    }
    if (posts < kMaxPosts) {
      spdlog::warn("no machine {} exists: creating it again", request.name);
      if (!clock_.sleep_for(std::min<std::chrono::milliseconds>(1s * posts, 4s))) return core::Error::cancelled();
    }
  }
  return last;
}

}  // namespace flypin::fly
