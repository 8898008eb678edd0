#pragma once
// Registry credentials, resolved in the order of the product contract:
// REGISTRY_USERNAME/REGISTRY_PASSWORD; the docker config (auths, credHelpers,
// credsStore); user "x" with the Fly token for registry.fly.io; else anonymous.
// Every secret is registered for redaction the moment it is read; `source`
// says where a credential came from and never contains its value.

#include <string>

#include "core/environment.h"
#include "core/process.h"
#include "core/result.h"

namespace flypin::registry {

struct Credential {
  std::string username;
  std::string password;
  std::string source;  // "REGISTRY_USERNAME/REGISTRY_PASSWORD", "docker config auths[host]", "anonymous"

  bool anonymous() const { return username.empty() && password.empty(); }
};

class CredentialResolver {
 public:
  CredentialResolver(const core::Environment& env, core::ProcessRunner& processes) : env_(env), processes_(processes) {}
  virtual ~CredentialResolver() = default;

  /// `domain` as in Reference::domain ("docker.io", "127.0.0.1:5000").
  virtual core::Result<Credential> resolve(const std::string& domain);

 private:
  core::Result<Credential> from_docker_config(const std::string& domain, bool& found);
  core::Result<Credential> from_helper(const std::string& helper, const std::string& server, const std::string& how,
                                       bool& found);

  const core::Environment& env_;
  core::ProcessRunner& processes_;
};

/// Host part of a docker config key: strips scheme and path ("https://index.docker.io/v1/" -> "index.docker.io").
std::string docker_config_key_host(const std::string& key);

}  // namespace flypin::registry
