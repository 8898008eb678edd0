#pragma once
// flypin-supabase-emulator (tests/emulators/supabase) as a child process, for
// end-to-end tests, realclients and benchmarks alike, and its admin API. A
// target that uses it links flypin_e2e_common and adds
// add_dependencies(<target> flypin-supabase-emulator).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/launchers/emulator_admin.h"
#include "support/testbed/testbed.h"

namespace flypin::e2e {

struct SupabaseEmulatorOptions {
  std::vector<std::string> tokens;            // full access
  std::vector<std::string> read_only_tokens;  // reads only: writes get 403
  std::vector<std::string> projects;          // none: every valid ref is known
  std::vector<std::string> extra_args;        // e.g. {"--rate-limit", "2"}
  std::map<std::string, std::string> env;     // e.g. SUPABASE_EMULATOR_TOKENS
  /// NAME=VALUE variants (emulators/supabase FIDELITY.md), after any in FLYPIN_SUPABASE_VARIANTS.
  std::vector<std::string> variants;
};

class SupabaseEmulator {
 public:
  /// Starts the emulator; throws std::runtime_error (with its log) when it does not come up.
  explicit SupabaseEmulator(SupabaseEmulatorOptions options);
  /// One full-access token and one project.
  SupabaseEmulator(const std::string& token, const std::string& project_ref);

  const std::string& url() const { return url_; }

  using Seen = SeenRequest;
  /// Every Management API request the emulator saw, oldest first.
  std::vector<Seen> requests();
  /// How many of them there were (with this method, when given).
  int api_requests(const std::string& method = "");
  /// Plain value of a secret ("" when unset): the Edge Function's view.
  std::string secret_value(const std::string& project_ref, const std::string& name);
  /// GET /_admin/secrets/<ref>: every plain value as raw JSON.
  std::string plaintext_secrets(const std::string& project_ref);
  /// POST /_admin/faults with this JSON body.
  void inject_fault(const std::string& fault_json);
  /// Another writer: right after the next successful write to the project, `name` is set to `value`.
  void overwrite_after_next_write(const std::string& project_ref, const std::string& name, const std::string& value);
  void reset();
  /// The admin API every emulator shares (faults before or after the side effect, journal, variants).
  EmulatorAdmin admin_api() const { return EmulatorAdmin(url_); }
  std::string log() const { return process_->log(); }

 private:
  std::string admin(const std::string& method, const std::string& path, const std::string& body = "");

  testbed::TempDir dir_{"flypin-supabase-emulator"};
  std::unique_ptr<testbed::ScopedProcess> process_;
  std::string url_;
};

}  // namespace flypin::e2e
