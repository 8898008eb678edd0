#include "cmd/pin-image/pin_image.h"

#include <spdlog/spdlog.h>

#include "cmd/pin-image/tag_policy.h"
#include "core/crypto.h"
#include "registry/credentials.h"
#include "registry/reference.h"
#include "registry/registry_client.h"
#include "supabase/secrets_client.h"
#include "supabase/validation.h"

namespace flypin::cmd::pin_image {
namespace {

std::string value_to_write(const registry::Reference& ref, const std::string& digest, bool pin_digest) {
  if (!pin_digest) return ref.str();
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

core::Status validate(const Options& o, const core::Environment& env) {
  if (o.image.empty()) return core::Error::usage("--image is required");
  if (o.project_ref.empty()) return core::Error::usage("--project-ref is required");
  if (o.dry_run && o.check_only) return core::Error::usage("--dry-run and --check-only exclude each other");
  auto ref = registry::parse_reference(o.image);
  if (!ref.ok()) return ref.error();
  if (auto st = check_tag_policy(*ref, o.allow_mutable_tag); !st.ok()) return st;
  if (auto st = supabase::validate_project_ref(o.project_ref); !st.ok()) return st;
  if (auto st = supabase::validate_secret_name(o.secret_name); !st.ok()) return st;
  if (auto p = registry::Platform::parse(o.platform); !p.ok()) return p.error();
  if (o.mode() != Mode::kDryRun && !env.get("SUPABASE_ACCESS_TOKEN")) {
    return core::Error::usage("SUPABASE_ACCESS_TOKEN is not set: pin-image needs a Supabase Management API token");
  }
  return core::ok_status();
}

namespace {

// Writes the secret if it must, then reads it back. Fills `out` as it goes so
// that a failure still tells what had happened.
core::Status pin(const Options& o, Deps& deps, Outcome& out) {
  auto ref = registry::parse_reference(o.image).value();
  out.secret_name = o.secret_name;

  if (o.mode() == Mode::kDryRun) {
    out.image = ref.str();
    spdlog::info("dry run: would verify {} in registry {} (platform {})", ref.str(), ref.domain, o.platform);
    spdlog::info("dry run: would set secret {} of project {} to {}", o.secret_name, o.project_ref,
                 o.pin_digest ? ref.repository() + "@<resolved digest>" : out.image);
    return core::ok_status();
  }

  const std::string token = *deps.env.get("SUPABASE_ACCESS_TOKEN");
  deps.io.mask(token);

  registry::CredentialResolver creds(deps.env, deps.processes);
  registry::RegistryClient registry(deps.registry_http, creds);
  auto platform = registry::Platform::parse(o.platform).value();
  spdlog::info("resolving {} in registry {}", ref.str(), ref.domain);
  auto resolved = registry.resolve(ref, platform);
  if (!resolved.ok()) return std::move(resolved).error();
  out.digest = resolved->digest;
  spdlog::info("found {} ({}{}{})", out.digest, resolved->is_index ? "index: " : "image: ",
               resolved->is_index ? platforms_text(*resolved) : platform.str(),
               resolved->credential_source.empty() ? "" : ", credentials from " + resolved->credential_source);

  out.image = value_to_write(ref, out.digest, o.pin_digest);
  out.secret_digest = core::sha256_hex(out.image);

  supabase::SecretsClient secrets(deps.supabase_http, deps.env.get_or("SUPABASE_API_URL", supabase::kDefaultApiUrl),
                                  token);
  auto current = secrets.list(o.project_ref);
  if (!current.ok()) return std::move(current).error();
  const auto* existing = find_secret(*current, o.secret_name);
  out.in_sync = existing != nullptr && existing->value_sha256 == out.secret_digest;

  if (out.in_sync) {
    out.verified = true;
    spdlog::info("secret {} already names {}: nothing to change", o.secret_name, out.image);
    return core::ok_status();
  }
  if (o.mode() == Mode::kCheckOnly) {
    std::string now = existing == nullptr
                          ? "is not set"
                          : "names a different image (sha256 " + existing->value_sha256.substr(0, 12) + "...)";
    return core::Error::check("secret " + o.secret_name + " of project " + o.project_ref + " " + now +
                              "; pin-image would set it to " + out.image);
  }

  spdlog::info("setting secret {} of project {} to {}", o.secret_name, o.project_ref, out.image);
  if (auto st = secrets.upsert(o.project_ref, {{o.secret_name, out.image}}); !st.ok()) return std::move(st).error();
  out.changed = true;

  const std::string unverified = "secret " + o.secret_name + " of project " + o.project_ref + " was changed to " +
                                 out.image + " but not verified: ";
  auto after = secrets.list(o.project_ref);
  if (!after.ok()) {
    core::Error e = std::move(after).error();
    e.message = unverified + "the read-back failed: " + e.message;
    return e;
  }
  const auto* written = find_secret(*after, o.secret_name);
  if (written == nullptr || written->value_sha256 != out.secret_digest) {
    return core::Error::check(unverified + "the read-back does not match what was written (expected sha256 " +
                              out.secret_digest + ", API lists " +
                              (written ? written->value_sha256 : "no such secret") + ")");
  }
  out.verified = true;
  spdlog::info("secret {} verified: API lists sha256 {}", o.secret_name, out.secret_digest);
  return core::ok_status();
}

}  // namespace

Report run(const Options& o, Deps& deps) {
  Report report;
  if (auto st = pin(o, deps, report.outcome); !st.ok()) report.error = std::move(st).error();
  return report;
}

}  // namespace flypin::cmd::pin_image
