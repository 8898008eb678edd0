#include "cmd/pin-image/pin_image.h"

#include <spdlog/spdlog.h>

#include "core/crypto.h"
#include "registry/credentials.h"
#include "registry/reference.h"
#include "registry/registry_client.h"
#include "supabase/secrets_client.h"

namespace flypin::cmd::pin_image {
namespace {

std::string value_to_write(const registry::Reference& ref, const std::string& digest, WriteAs write_as) {
  if (write_as == WriteAs::kReference) return ref.str();
  registry::Reference pinned = ref;
  pinned.tag.clear();
  pinned.digest = digest;
  return pinned.str();
}

std::string platforms_text(const registry::ResolvedImage& image) {
  std::string out;
  for (const auto& p : image.platforms) out += (out.empty() ? "" : ", ") + p.str();
  return out;
}

const supabase::SecretDigest* find_secret(const std::vector<supabase::SecretDigest>& secrets, const std::string& name) {
  for (const auto& s : secrets) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace

namespace {

// Writes the secret if it must, then reads it back. Fills `out` as it goes so
// that a failure still tells what had happened.
core::Status pin(const Plan& plan, Deps& deps, Outcome& out) {
  const registry::Reference& ref = plan.image;
  const registry::Platform& platform = plan.platform;
  out.secret_name = plan.secret_name;

  if (plan.mode == Mode::kDryRun) {
    out.image = ref.str();
    spdlog::info("dry run: would verify {} in registry {} (platform {})", ref.str(), ref.domain, platform.str());
    spdlog::info("dry run: would set secret {} of project {} to {}", plan.secret_name, plan.project_ref,
                 plan.write_as == WriteAs::kDigest ? ref.repository() + "@<resolved digest>" : out.image);
    return core::ok_status();
  }

  deps.io.mask(plan.token);

  registry::CredentialResolver creds(deps.env, deps.processes);
  registry::RegistryClient registry(deps.registry_http, creds);
  spdlog::info("resolving {} in registry {}", ref.str(), ref.domain);
  auto resolved = registry.resolve(ref, platform);
  if (!resolved.ok()) return std::move(resolved).error();
  out.digest = resolved->digest;
  spdlog::info("found {} ({}{}{})", out.digest, resolved->is_index ? "index: " : "image: ",
               resolved->is_index ? platforms_text(*resolved) : platform.str(),
               resolved->credential_source.empty() ? "" : ", credentials from " + resolved->credential_source);

  out.image = value_to_write(ref, out.digest, plan.write_as);
  out.secret_digest = core::sha256_hex(out.image);

  supabase::SecretsClient secrets(deps.supabase_http, plan.api_url, plan.token);
  auto current = secrets.list(plan.project_ref);
  if (!current.ok()) return std::move(current).error();
  const auto* existing = find_secret(*current, plan.secret_name);
  out.in_sync = existing != nullptr && existing->value_sha256 == out.secret_digest;

  if (out.in_sync) {
    out.verified = true;
    spdlog::info("secret {} already names {}: nothing to change", plan.secret_name, out.image);
    return core::ok_status();
  }
  if (plan.mode == Mode::kCheckOnly) {
    std::string now = existing == nullptr
                          ? "is not set"
                          : "names a different image (sha256 " + existing->value_sha256.substr(0, 12) + "...)";
    return core::Error::check("secret " + plan.secret_name + " of project " + plan.project_ref + " " + now +
                              "; pin-image would set it to " + out.image);
  }

  spdlog::info("setting secret {} of project {} to {}", plan.secret_name, plan.project_ref, out.image);
  if (auto st = secrets.upsert(plan.project_ref, {{plan.secret_name, out.image}}); !st.ok())
    return std::move(st).error();
  out.changed = true;

  const std::string unverified = "secret " + plan.secret_name + " of project " + plan.project_ref + " was changed to " +
                                 out.image + " but not verified: ";
  auto after = secrets.list(plan.project_ref);
  if (!after.ok()) {
    core::Error e = std::move(after).error();
    e.message = unverified + "the read-back failed: " + e.message;
    return e;
  }
  const auto* written = find_secret(*after, plan.secret_name);
  if (written == nullptr || written->value_sha256 != out.secret_digest) {
    return core::Error::check(unverified + "the read-back does not match what was written (expected sha256 " +
                              out.secret_digest + ", API lists " +
                              (written ? written->value_sha256 : "no such secret") + ")");
  }
  out.verified = true;
  spdlog::info("secret {} verified: API lists sha256 {}", plan.secret_name, out.secret_digest);
  return core::ok_status();
}

}  // namespace

Report run(const Plan& plan, Deps& deps) {
  Report report;
  if (auto st = pin(plan, deps, report.outcome); !st.ok()) report.error = std::move(st).error();
  return report;
}

}  // namespace flypin::cmd::pin_image
