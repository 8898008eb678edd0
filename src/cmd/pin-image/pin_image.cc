#include "cmd/pin-image/pin_image.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <optional>

#include "cmd/pin-image/context.h"
#include "cmd/pin-image/freshness.h"
#include "cmd/pin-image/retention.h"
#include "cmd/pin-image/rollback.h"
#include "cmd/pin-image/status.h"
#include "core/crypto.h"
#include "core/rfc3339.h"
#include "registry/reference.h"

namespace flypin::cmd::pin_image {
namespace {

std::string value_to_write(const registry::Reference& ref, const std::string& digest, WriteAs write_as) {
  return write_as == WriteAs::kReference ? ref.str() : ref.pinned_to(digest).str();
}

std::string platforms_text(const registry::ResolvedImage& image) {
  std::string out;
  for (const auto& p : image.platforms) out += (out.empty() ? "" : ", ") + p.str();
  return out;
}

// The build time of the image to pin: its deployment tag, else the history,
// else its config's `created` (for an index, the platform's image's).
std::optional<std::int64_t> own_build_time(Context& cx, const registry::Reference& ref, const std::string& value,
                                           const registry::ResolvedImage& resolved) {
  const auto& pins = cx.history.pins();
  if (auto ms = build_time_of(ref.str(), pins)) return ms;
  if (auto ms = build_time_of(value, pins)) return ms;
  for (const auto& pin : pins) {
    if (pin.digest == resolved.digest && pin.build_ms) return pin.build_ms;
  }
  std::string created = resolved.created;
  if (created.empty() && resolved.is_index && resolved.platform_digest) {
    auto from_config = cx.registry.image_created(ref, *resolved.platform_digest);
    if (!from_config.ok()) {
      spdlog::warn("the build time of {} cannot be read from its config: {}", value, from_config.error().describe());
    } else {
      created = *from_config;
    }
  }
  if (auto nanos = core::parse_rfc3339_nanos(created)) return *nanos / 1'000'000;
  return std::nullopt;
}

core::Status dry_run(const Plan& plan, Outcome& out) {
  const registry::Reference& ref = plan.image;
  out.image = ref.str();
  out.secret_name = plan.secret_name;
  spdlog::info("dry run: would verify {} in registry {} (platform {})", ref.str(), ref.domain, plan.platform.str());
  spdlog::info("dry run: would set secret {} of project {} to {}", plan.secret_name, plan.project_ref,
               plan.write_as == WriteAs::kDigest ? ref.repository() + "@<resolved digest>" : out.image);
  return core::ok_status();
}

// Nothing documents how soon the list shows a write (FIDELITY S9): a
// read-back that does not show it yet is read again, for this long, before
// anything is concluded (another writer, or a write that did not take).
constexpr auto kReadBackPatience = std::chrono::seconds(10);
constexpr auto kReadBackInterval = std::chrono::seconds(1);

// The secret as listed once the list shows `digest`, or as last listed when
// kReadBackPatience passed first.
core::Result<std::optional<supabase::SecretDigest>> read_back(const Plan& plan, Context& cx,
                                                              const std::string& digest) {
  const auto give_up = cx.clock.now() + kReadBackPatience;
  while (true) {
    auto listed = cx.secrets.list(plan.project_ref);
    if (!listed.ok()) return std::move(listed).error();
    const auto* written = find_secret(*listed, plan.secret_name);
    std::optional<supabase::SecretDigest> found;
    if (written != nullptr) found = *written;
    if ((found && found->value_sha256 == digest) || cx.clock.now() >= give_up) return found;
    spdlog::info("the secrets list does not show this write yet; reading it again");
    if (!cx.clock.sleep_for(kReadBackInterval)) return core::Error::cancelled();
  }
}

// Writes the secret and reads it back, recorded in the history. Fills `out`
// as it goes so that a failure still tells what had happened.
core::Status write_and_verify(const Plan& plan, Context& cx, Outcome& out, std::optional<std::int64_t> build_ms,
                              const std::vector<Candidate>& known) {
  cx.history.begin({.image = out.image,
                    .digest = out.digest,
                    .secret_name = plan.secret_name,
                    .project_ref = plan.project_ref,
                    .build_ms = build_ms});
  out.deployment_id = cx.history.deployment_id();
  auto fail = [&](core::Error e) {
    cx.history.finish(github::DeploymentState::kFailure, e.message);
    return e;
  };

  spdlog::info("setting secret {} of project {} to {}", plan.secret_name, plan.project_ref, out.image);
  if (auto st = cx.secrets.upsert(plan.project_ref, {{plan.secret_name, out.image}}); !st.ok())
    return fail(std::move(st).error());
  out.changed = true;

  const std::string unverified = "secret " + plan.secret_name + " of project " + plan.project_ref + " was changed to " +
                                 out.image + " but not verified: ";
  auto after = read_back(plan, cx, out.secret_digest);
  if (!after.ok()) {
    core::Error e = std::move(after).error();
    e.message = unverified + "the read-back failed: " + e.message;
    return fail(std::move(e));
  }
  const auto& written = *after;
  if (!written) return fail(core::Error::check(unverified + "the read-back lists no such secret"));
  if (written->value_sha256 != out.secret_digest) {
    const auto other = find_live(written->value_sha256, known);
    return fail(core::Error::check(
        unverified + "the read-back does not match what was written: another writer changed it right after this " +
        "run's write, and it now names " +
        (other ? other->image : "an unknown image (API lists sha256 " + written->value_sha256 + ")")));
  }
  out.verified = true;
  cx.history.finish(github::DeploymentState::kSuccess, "pinned " + out.image);
  spdlog::info("secret {} verified: API lists sha256 {}", plan.secret_name, out.secret_digest);
  return core::ok_status();
}

}  // namespace

const supabase::SecretDigest* find_secret(const std::vector<supabase::SecretDigest>& secrets, const std::string& name) {
  for (const auto& s : secrets) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

std::vector<Candidate> live_candidates(Context& cx, const registry::Reference* repository) {
  std::vector<std::string> tags;
  if (repository != nullptr) {
    auto listed = cx.registry.list_tags(*repository);
    if (!listed.ok()) {
      spdlog::warn("the tag list of {} cannot be read: {}", repository->repository(), listed.error().describe());
    } else if (listed->listing == registry::TagListing::kNotServed) {
      spdlog::info("registry {} does not serve the tag list of {} ({})", repository->domain, repository->path,
                   listed->why_not);
    } else {
      tags = std::move(listed->tags);
    }
  }
  return candidates(cx.history.pins(), repository, tags);
}

namespace {

core::Status pin_reference(const Plan& plan, Context& cx, const registry::Reference& ref, Outcome& out) {
  out.secret_name = plan.secret_name;
  spdlog::info("resolving {} in registry {}", ref.str(), ref.domain);
  auto resolved = cx.registry.resolve(ref, plan.platform);
  if (!resolved.ok()) return std::move(resolved).error();
  out.digest = resolved->digest;
  spdlog::info("found {} ({}{}{})", out.digest, resolved->is_index ? "index: " : "image: ",
               resolved->is_index ? platforms_text(*resolved) : plan.platform.str(),
               resolved->credential_source.empty() ? "" : ", credentials from " + resolved->credential_source);

  out.image = value_to_write(ref, out.digest, plan.write_as);
  out.secret_digest = core::sha256_hex(out.image);

  auto current = cx.secrets.list(plan.project_ref);
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

  const auto known = live_candidates(cx, existing ? &ref : nullptr);
  const auto build_ms = own_build_time(cx, ref, out.image, *resolved);
  out.build_time = build_ms ? core::format_rfc3339_ms(*build_ms) : "";
  FreshnessInput fresh{.image = out.image, .build_ms = build_ms, .secret_set = existing != nullptr};
  if (existing) fresh.live = find_live(existing->value_sha256, known);
  if (fresh.live) spdlog::info("live image: {} (built {})", fresh.live->image, build_time_text(fresh.live->build_ms));
  if (auto st = check_freshness(fresh, plan.freshness, plan.unknown_live); !st.ok()) return st;
  return write_and_verify(plan, cx, out, build_ms, known);
}

}  // namespace

Result run(const Plan& plan, Deps& deps) {
  Outcome out;
  core::Status st = core::ok_status();
  if (plan.mode == Mode::kDryRun) {
    st = dry_run(plan, out);
  } else {
    deps.io.mask(plan.token);
    if (!plan.history.token.empty()) deps.io.mask(plan.history.token);
    if (!plan.retention.fly.token.empty()) deps.io.mask(plan.retention.fly.token);
    Context cx(plan, deps);
    if (plan.mode == Mode::kStatus) {
      st = report_status(plan, cx, out);
    } else if (plan.mode == Mode::kRollback) {
      auto target = rollback_target(plan, cx);
      st = target.ok() ? pin_reference(plan, cx, *target, out) : core::Status(std::move(target).error());
    } else {
      st = pin_reference(plan, cx, plan.image, out);
    }
    // The secret names out.image now (or already did): keep it and its rollback targets.
    if (st.ok() && plan.retention.upkeep == Upkeep::kKeep && plan.mode != Mode::kStatus)
      out.keepers = keep_pinned(plan, cx, out.image);
  }
  return run_result(std::move(out), std::move(st));
}

}  // namespace flypin::cmd::pin_image
