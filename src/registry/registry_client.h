#pragma once
// Proves that an image reference exists in its registry and resolves its
// digest, optionally checking a platform. Request budget, with one keep-alive
// HttpClient: tag + platform on an index costs 1 GET (Basic, credentials known)
// or 3 (token auth: 401, token, GET); a single image manifest adds one config
// blob GET.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/http.h"
#include "core/result.h"
#include "registry/auth.h"
#include "registry/call_limits.h"
#include "registry/credentials.h"
#include "registry/manifest.h"
#include "registry/platform.h"
#include "registry/reference.h"
#include "registry/tag_list.h"

namespace flypin::registry {

struct ResolvedImage {
  std::string digest;
  std::string media_type;
  bool is_index = false;
  std::vector<Platform> platforms;             // index: non-attestation entries; image: its config platform
  std::optional<std::string> platform_digest;  // manifest digest for the requested platform
  std::string credential_source;
  std::string created;  // the image config's `created` when the config was read (a single image), else ""
};

class RegistryClient {
 public:
  RegistryClient(core::HttpClient& http, CredentialResolver& creds);

  /// From now on every call is bounded by `limits` (registry/call_limits.h):
  /// for reports that must not hang on a registry that never answers.
  void limit_calls(core::Clock& clock, CallLimits limits) { http_.limit(clock, limits); }

  /// Proves the reference exists and resolves its digest; when platform is given, also checks
  /// the platform is present (index) or matches the config (single manifest).
  core::Result<ResolvedImage> resolve(const Reference& ref, const std::optional<Platform>& platform);

  /// The image config's `created` of the single-image manifest `manifest_digest` in the repository of `ref`
  /// (an index's platform entry, whose config resolve() does not read): "" when the config has none.
  core::Result<std::string> image_created(const Reference& ref, const std::string& manifest_digest);

  /// Whether the registry of `ref` answers for its repository with the credential resolved for it: a HEAD of
  /// the manifest that finds it or finds nothing (404) is access; a refusal (401/403), a server error or no
  /// answer is the error. One attempt and one retry (`retry`), for a cache that must not hold up a build.
  core::Status check_access(const Reference& ref, const core::RetryPolicy& retry);
  /// The tags of the repository of `ref` (registry/tag_list.h), through the same session.
  core::Result<TagList> list_tags(const Reference& ref, const TagListOptions& options = {});

 private:
  core::Result<AuthSession*> session_for(const Reference& ref);
  core::Result<core::HttpResponse> fetch_blob(AuthSession& session, const Reference& ref, const std::string& digest);
  core::Result<ResolvedImage> resolve_now(const Reference& ref, const std::optional<Platform>& platform);
  core::Result<std::string> created_now(const Reference& ref, const std::string& manifest_digest);
  /// `result`, after telling the limits how the call to the registry of `ref` ended.
  template <class T>
  core::Result<T> noted(const Reference& ref, core::Result<T> result);

  LimitedHttpClient http_;
  CredentialResolver& creds_;
  std::map<std::string, std::unique_ptr<AuthSession>> sessions_;
};

}  // namespace flypin::registry
