#pragma once
// Faults injected into the next N matching requests through POST /_admin/faults.

#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace flypin::supabase_emulator {

struct Fault {
  std::string path_prefix;  // empty: any path
  std::string method;       // empty: any method
  int status = 0;           // answer with this status and {"message":...}
  int delay_ms = 0;         // wait before handling (then handled normally unless status set)
  bool drop_connection = false;
  int count = 1;
};

class FaultPlan {
 public:
  /// Parses the admin JSON body; returns an error message or nullopt.
  std::optional<std::string> add_from_json(std::string_view body);
  /// The fault for this request, if one matches; uses up one of its count.
  std::optional<Fault> take(const std::string& method, const std::string& path);
  void clear();

 private:
  std::mutex mutex_;
  std::deque<Fault> faults_;
};

}  // namespace flypin::supabase_emulator
