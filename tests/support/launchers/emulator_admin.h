#pragma once
// The admin API every emulator shares (tests/emulators/common/admin_routes.h),
// from a test: faults before or after the side effect, the request journal,
// the variants it was started with, reset. Each launcher (fly_emulator.h,
// supabase_emulator.h, github_emulator.h) hands one out; their own admin
// calls go through it too.

#include <map>
#include <string>
#include <vector>

namespace flypin::e2e {

/// When an armed fault fires: before the route (nothing happened) or after it
/// (the change was made, then the answer is replaced or lost).
enum class FaultWhen { kBefore, kAfter };

struct FaultSpec {
  std::string path_prefix;  // "" any path
  std::string path;         // "" any; else exactly this path
  std::string method;       // "" any method
  int status = 0;           // an injected answer
  std::string body;         // "" the emulator's own error body
  int delay_ms = 0;
  bool drop_connection = false;  // no answer at all
  int count = 1;
  FaultWhen when = FaultWhen::kBefore;

  std::string json() const;
};

struct AdminReply {
  int status = 0;  // 0: no answer
  std::string body;
};

/// One entry of GET /_admin/requests.
struct SeenRequest {
  std::string method;
  std::string path;
  std::string query;
  int status = 0;  // 0: the connection was dropped
  bool authorization = false;
  std::string auth_scheme;
  std::string rejection;
  std::string fault;  // "status", "drop", "delay"; "after:..." after the side effect
  std::string body;
  std::map<std::string, std::string> headers;
};

class EmulatorAdmin {
 public:
  /// `base_url`: http://127.0.0.1:PORT of the emulator's API (its /_admin lives there too).
  explicit EmulatorAdmin(std::string base_url) : base_url_(std::move(base_url)) {}

  /// Any admin call; never throws (status 0 when there was no answer).
  AdminReply call(const std::string& method, const std::string& path, const std::string& body = "") const;
  /// As call(), but throws std::runtime_error unless the answer is 2xx; returns the body.
  std::string checked(const std::string& method, const std::string& path, const std::string& body = "") const;

  void fault(const FaultSpec& fault) const;
  void fault_json(const std::string& json) const;
  std::vector<SeenRequest> requests() const;
  /// GET /_admin/variants: {"name":{"value","default","values"},...}
  std::string variants() const;
  void reset() const;

 private:
  std::string base_url_;
};

}  // namespace flypin::e2e
