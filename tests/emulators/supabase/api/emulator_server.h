#pragma once
// The emulated Supabase Management API: the secrets endpoints of
// /v1/projects/{ref}/secrets with Bearer auth, read-only tokens, a per-token
// rate limit, injected faults, and an unauthenticated /_admin/ API.

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

namespace httplib {
class Server;
}

namespace flypin::emulators::supabase {

struct EmulatorConfig {
  std::string host = "127.0.0.1";
  int port = 0;                            // 0: pick a free one
  std::set<std::string> tokens;            // accepted for reads and writes
  std::set<std::string> read_only_tokens;  // accepted for reads; writes get 403
  std::set<std::string> projects;          // known refs; none given: every valid ref is known
  std::string state_file;                  // optional JSON persistence
  int rate_limit = 120;                    // requests per window per token
  std::chrono::seconds rate_window{60};
};

class SecretStore;
}  // namespace flypin::emulators::supabase

namespace flypin::emulators {
class RateLimiter;
class FaultPlan;
class RequestJournal;
}  // namespace flypin::emulators

namespace flypin::emulators::supabase {

class EmulatorServer {
 public:
  explicit EmulatorServer(EmulatorConfig config);
  ~EmulatorServer();
  EmulatorServer(const EmulatorServer&) = delete;
  EmulatorServer& operator=(const EmulatorServer&) = delete;

  /// Binds; returns the port, or -1 when the address could not be bound.
  int bind();
  /// Serves until stop() (blocks).
  void serve();
  void stop();
  /// Problem with the state file, if any.
  std::string state_error() const;

 private:
  void install_routes();

  EmulatorConfig config_;
  std::unique_ptr<httplib::Server> server_;
  std::unique_ptr<SecretStore> store_;
  std::unique_ptr<RateLimiter> limiter_;
  std::unique_ptr<FaultPlan> faults_;
  std::unique_ptr<RequestJournal> journal_;

  /// POST /_admin/overwrite_after_write: another writer that sets a secret
  /// right after the next successful write to its project, once.
  struct Overwrite {
    std::string project;
    std::string name;
    std::string value;
  };
  std::mutex overwrite_mutex_;
  std::optional<Overwrite> overwrite_;
};

}  // namespace flypin::emulators::supabase
