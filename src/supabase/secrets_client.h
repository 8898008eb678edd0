#pragma once
// Client for the Supabase Management API secrets endpoints
// (/v1/projects/{ref}/secrets: list, bulk upsert, bulk delete). The API lists
// each secret's value as the lowercase SHA-256 hex of the real value.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/http.h"
#include "core/result.h"
#include "supabase/secrets_json.h"

namespace flypin::supabase {

inline constexpr const char* kDefaultApiUrl = "https://api.supabase.com";
/// Secrets calls answer a list of names and SHA-256s: a few KiB for any real project.
inline constexpr std::size_t kMaxBody = core::kMiB;

class SecretsClient {
 public:
  /// `base_url` is SUPABASE_API_URL (default kDefaultApiUrl); `token` is SUPABASE_ACCESS_TOKEN.
  SecretsClient(core::HttpClient& http, std::string base_url, std::string token);

  core::Result<std::vector<SecretDigest>> list(const std::string& project_ref);
  /// Creates or replaces each named secret (safe to retry: an idempotent upsert).
  core::Status upsert(const std::string& project_ref, const std::vector<std::pair<std::string, std::string>>& secrets);
  core::Status remove(const std::string& project_ref, const std::vector<std::string>& names);

  /// Whole-request timeout for each call (default 30 s).
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

 private:
  core::HttpRequest request(const std::string& method, const std::string& project_ref) const;
  core::Result<core::HttpResponse> send(const core::HttpRequest& request);

  core::HttpClient& http_;
  std::string base_url_;
  std::string token_;
  std::chrono::milliseconds timeout_{30'000};
};

}  // namespace flypin::supabase
