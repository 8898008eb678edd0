#pragma once
// The clients one pin-image run talks through, made once from its Deps.

#include "cmd/pin-image/history.h"
#include "cmd/pin-image/live_image.h"
#include "cmd/pin-image/pin_image.h"
#include "registry/credentials.h"
#include "registry/registry_client.h"
#include "supabase/secrets_client.h"

namespace flypin::cmd::pin_image {

struct Context {
  Context(const Plan& plan, Deps& deps)
      : clock(deps.clock),
        creds(deps.env, deps.processes, plan.credentials),
        registry(deps.registry_http, creds),
        secrets(deps.supabase_http, plan.api_url, plan.token),
        history(deps.github_http, deps.clock, plan.history),
        fly_http(deps.fly_http) {}

  core::Clock& clock;
  registry::CredentialResolver creds;
  registry::RegistryClient registry;
  supabase::SecretsClient secrets;
  History history;
  /// The Machines API (keepers): each use makes its client with the retry rule
  /// of its own deadline (keeper_client, retention.h); no calls without a token.
  core::HttpClient& fly_http;
};

/// The secret of that name in a listing, or nullptr.
const supabase::SecretDigest* find_secret(const std::vector<supabase::SecretDigest>& secrets, const std::string& name);

/// Candidates for the live image: the history's pins, and the tags of `repository` when its registry serves them.
std::vector<Candidate> live_candidates(Context& context, const registry::Reference* repository);

}  // namespace flypin::cmd::pin_image
