#pragma once
// Faults armed through an emulator's admin API and spent by the next N
// requests that match them: an injected status (with an optional body and
// headers), a delay, or a dropped connection. A fault fires before the route
// (nothing happened: the request is refused or lost on its way) or after it
// (the change is made, then its answer is replaced or lost: what a client
// cannot tell from "not applied" without reading the resource back).

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace flypin::emulators {

enum class FaultPhase { kBefore, kAfter };

struct Fault {
  std::string path_prefix;  // empty: any path
  std::string path;         // not empty: this path exactly (an update, not its machine's /lease)
  std::string method;       // empty: any method
  int status = 0;           // answer with this status
  std::string body;         // empty: the emulator's own error body for `status`
  std::vector<std::pair<std::string, std::string>> headers;
  int delay_ms = 0;  // wait before handling (then handled normally unless status set)
  bool drop_connection = false;
  int count = 1;
  /// kAfter: only a request the route answered 2xx (its change made) spends it.
  FaultPhase when = FaultPhase::kBefore;
};

class FaultPlan {
 public:
  /// Parses an admin JSON body ({"path_prefix","path","method","status","body",
  /// "headers":{..},"delay_ms","drop_connection","count","when":"before|after"});
  /// returns an error message or nullopt.
  std::optional<std::string> add_from_json(std::string_view body);
  /// Adds a fault built in code; returns an error message or nullopt.
  std::optional<std::string> add(Fault fault);
  /// The fault of this phase for this request, if one matches; uses up one of its count.
  std::optional<Fault> take(const std::string& method, const std::string& path, FaultPhase phase = FaultPhase::kBefore);
  void clear();

 private:
  std::mutex mutex_;
  std::deque<Fault> faults_;
};

}  // namespace flypin::emulators
