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

inline constexpr const char* kVariantsEnv = "FLYPIN_SUPABASE_VARIANTS";

enum class ReservedSecrets { kPresent, kAbsent };

/// What nobody outside Supabase knows for sure (FIDELITY.md): chosen at start.
struct SupabaseVariants {
  std::chrono::milliseconds list_lag{0};                 // secrets-list-lag: 0 | 2s (S9)
  ReservedSecrets reserved = ReservedSecrets::kPresent;  // reserved-secrets: present | absent (S4)
};

class SecretStore;
}  // namespace flypin::emulators::supabase

namespace flypin::emulators {
class RateLimiter;
class FaultPlan;
class RequestJournal;
class Variants;
}  // namespace flypin::emulators

namespace flypin::emulators::supabase {

/// Every Supabase variant, its values (default first) and why it exists.
Variants supabase_variant_catalogue();
SupabaseVariants typed(const Variants& chosen);

class EmulatorServer {
 public:
  /// `variants`: what was chosen at start (listed by GET /_admin/variants).
  EmulatorServer(EmulatorConfig config, const Variants& variants);
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
  const Variants& variants_;
  SupabaseVariants chosen_;
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
