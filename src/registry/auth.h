#pragma once
// Authorization against one registry host. Sends Basic preemptively when a
// credential is known (saves a round trip on Basic registries); on a Bearer
// challenge it fetches a token from the realm (https, or http on loopback) and
// retries once. Authorization is only ever attached to the registry's own host.

#include <string>

#include "core/http.h"
#include "registry/credentials.h"

namespace flypin::registry {

class AuthSession {
 public:
  AuthSession(core::HttpClient& http, Credential credential, std::string registry_host);

  /// Sends `request` (addressed to the registry host) with authorization for `scope`
  /// ("repository:<path>:pull"). A final 401/403 comes back as a response.
  core::Result<core::HttpResponse> send(core::HttpRequest request, const std::string& scope);

  const Credential& credential() const { return credential_; }

 private:
  core::Result<std::string> fetch_token(const std::string& realm, const std::string& service,
                                        const std::string& scope);
  core::Result<core::HttpResponse> send_once(core::HttpRequest request);

  core::HttpClient& http_;
  Credential credential_;
  std::string host_;
  std::string authorization_;  // current header value; empty = none
  bool sent_basic_ = false;
};

/// Host[:port] of an http(s) URL.
std::string url_host(const std::string& url);

/// Percent-encodes a query parameter value.
std::string query_escape(const std::string& value);

}  // namespace flypin::registry
