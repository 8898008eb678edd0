#pragma once
// Registry credentials, resolved in the order of the product contract:
// REGISTRY_USERNAME/REGISTRY_PASSWORD (for the registries of the CredentialScope
// only); the docker config (auths, credHelpers,
// credsStore); user "x" with the Fly token for registry.fly.io; else anonymous.
// Every secret is registered for redaction the moment it is read; `source`
// says where a credential came from and never contains its value.

#include <optional>
#include <string>
#include <vector>

#include "core/environment.h"
#include "core/process.h"
#include "core/result.h"

namespace flypin::registry {

/// Where REGISTRY_USERNAME/REGISTRY_PASSWORD may be sent: the registries of
/// the images the user named on the command line, and those REGISTRY_HOST
/// lists (comma-separated, "ghcr.io,127.0.0.1:5000"). A credential given for
/// one registry never goes to another registry a server names (a deployment
/// payload, a tag list, a redirect): that one gets its own docker-config entry
/// or anonymous requests.
class CredentialScope {
 public:
  CredentialScope() = default;
  /// `named`: registry domains as in Reference::domain ("ghcr.io", "127.0.0.1:5000").
  /// A usage error (exit 2) for a malformed REGISTRY_HOST.
  static core::Result<CredentialScope> of(const core::Environment& env, const std::vector<std::string>& named);
  /// Exactly these hosts (tests, and callers that parsed their own).
  static CredentialScope for_hosts(std::vector<std::string> hosts);

  bool covers(const std::string& domain) const;
  /// "127.0.0.1:5000, ghcr.io" ("no registry" when empty), for messages.
  std::string describe() const;

 private:
  std::vector<std::string> hosts_;
};

struct Credential {
  std::string username;
  std::string password;
  std::string source;  // "REGISTRY_USERNAME/REGISTRY_PASSWORD", "docker config auths[host]", "anonymous"

  bool anonymous() const { return username.empty() && password.empty(); }
};

class CredentialResolver {
 public:
  /// REGISTRY_USERNAME/REGISTRY_PASSWORD go only to the registries `scope` covers.
  CredentialResolver(const core::Environment& env, core::ProcessRunner& processes, CredentialScope scope)
      : env_(env), processes_(processes), scope_(std::move(scope)) {}
  virtual ~CredentialResolver() = default;

  /// `domain` as in Reference::domain ("docker.io", "127.0.0.1:5000").
  virtual core::Result<Credential> resolve(const std::string& domain);

 private:
  core::Result<Credential> from_docker_config(const std::string& domain, bool& found);
  core::Result<Credential> from_helper(const std::string& helper, const std::string& server, const std::string& how,
                                       bool& found);

  const core::Environment& env_;
  core::ProcessRunner& processes_;
  CredentialScope scope_;
};

/// The user's docker configuration directory: $DOCKER_CONFIG, else ~/.docker.
std::optional<std::string> docker_config_dir(const core::Environment& env);

/// Host part of a docker config key: strips scheme and path ("https://index.docker.io/v1/" -> "index.docker.io").
std::string docker_config_key_host(const std::string& key);

}  // namespace flypin::registry
