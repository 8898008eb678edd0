#pragma once
// Runs flypin-supabase-emulator on a loopback port for one test and talks to
// its admin API.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/curl_http_client.h"
#include "testbed.h"

namespace flypin::supabase_e2e {

inline constexpr const char* kProjectRef = "abcdefghijklmnopqrst";
inline constexpr const char* kToken = "sbp_e2e_full_access_token_0001";
inline constexpr const char* kReadOnlyToken = "sbp_e2e_read_only_token_0002";

class SupabaseEmulatorProcess {
 public:
  /// Starts with kToken, kReadOnlyToken and kProjectRef plus `extra_args`;
  /// throws std::runtime_error (with the log) when it does not come up.
  explicit SupabaseEmulatorProcess(std::vector<std::string> extra_args = {},
                                   std::map<std::string, std::string> extra_env = {});

  const std::string& url() const { return url_; }
  /// POST /_admin/faults with this JSON body.
  void inject_fault(const std::string& json);
  /// GET /_admin/requests, parsed: one entry per request.
  struct Seen {
    std::string method;
    int status = 0;
    bool authorization = false;
    std::string rejection;
    std::string fault;
  };
  std::vector<Seen> requests();
  /// GET /_admin/secrets/<ref> as raw JSON.
  std::string plaintext_secrets(const std::string& ref);
  std::string log() const { return process_->log(); }

 private:
  std::string admin(const std::string& method, const std::string& path, const std::string& body);

  testbed::TempDir dir_{"flypin-supabase-e2e"};
  std::unique_ptr<testbed::ScopedProcess> process_;
  std::string url_;
  core::CurlHttpClient admin_http_;
};

}  // namespace flypin::supabase_e2e
