#pragma once
// What checking registries may cost a report (pin-image --status): each call
// gets a short deadline of its own (its retries included), no call starts
// after the run's deadline, and a registry that let a call time out is not
// asked again in the run. A registry that accepts connections and never
// answers then costs seconds, and what it holds is "cannot be checked" —
// never "gone", which only a 404 says.

#include <chrono>
#include <optional>
#include <set>
#include <string>

#include "core/clock.h"
#include "core/http.h"

namespace flypin::registry {

struct CallLimits {
  std::chrono::milliseconds per_call{8'000};
  int attempts = 2;
  core::Clock::TimePoint run_deadline;
};

/// An HttpClient that applies CallLimits (when set) to every request it passes on.
class LimitedHttpClient : public core::HttpClient {
 public:
  explicit LimitedHttpClient(core::HttpClient& inner) : inner_(inner) {}

  void limit(core::Clock& clock, CallLimits limits);
  core::Result<core::HttpResponse> send(const core::HttpRequest& request) override;

  /// The error for a registry that is not asked (again) under the limits; nullopt when it may be.
  std::optional<core::Error> refusal(const std::string& domain) const;
  /// Notes how a call to `domain` ended: a timeout keeps the registry from being asked again.
  void note(const std::string& domain, const core::Error& error);

 private:
  core::HttpClient& inner_;
  core::Clock* clock_ = nullptr;
  std::optional<CallLimits> limits_;
  std::set<std::string> timed_out_;
};

}  // namespace flypin::registry
