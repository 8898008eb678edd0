#pragma once
// Authorization against one registry. Sends Basic preemptively when a
// credential is known (saves a round trip on Basic registries); on a Bearer
// challenge from the registry itself it fetches a token from the realm and
// retries once. Credentials and tokens only ever go to the registry's own
// origin (scheme, host and port) and to the realm its own challenge names,
// never over a weaker scheme than the registry's: a 401 from anywhere else
// (blob storage a redirect led to) is answered with nothing.

#include <string>

#include "core/http.h"
#include "registry/credentials.h"
#include "registry/origin.h"

namespace flypin::registry {

class AuthSession {
 public:
  /// `registry_base`: where the registry API is served, "https://ghcr.io" or "http://127.0.0.1:5000".
  AuthSession(core::HttpClient& http, Credential credential, const std::string& registry_base);

  /// Sends `request` with authorization for `scope` ("repository:<path>:pull") when it is
  /// addressed to the registry's origin. A final 401/403 comes back as a response.
  core::Result<core::HttpResponse> send(core::HttpRequest request, const std::string& scope);

  const Credential& credential() const { return credential_; }
  const Origin& registry() const { return registry_; }

 private:
  bool is_registry(const std::string& url) const;
  core::Result<std::string> fetch_token(const std::string& realm, const std::string& service, const std::string& scope);
  core::Result<core::HttpResponse> send_once(core::HttpRequest request);

  core::HttpClient& http_;
  Credential credential_;
  Origin registry_;
  std::string authorization_;  // current header value; empty = none
  bool sent_basic_ = false;
};

/// True when following `from` to `to` would leave https for plain http.
bool is_downgrade(const Origin& from, const Origin& to);

}  // namespace flypin::registry
