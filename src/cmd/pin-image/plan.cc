#include "cmd/pin-image/plan.h"

#include "cmd/common/flag_values.h"
#include "cmd/pin-image/tag_policy.h"
#include "core/fly_token.h"
#include "fly/validation.h"
#include "github/client.h"
#include "supabase/secrets_client.h"
#include "supabase/validation.h"

namespace flypin::cmd::pin_image {
namespace {

core::Status check_combinations(const Options& o) {
  if (o.status && o.rollback) return core::Error::usage("--status and --rollback exclude each other");
  if (o.dry_run && o.check_only) return core::Error::usage("--dry-run and --check-only exclude each other");
  for (const auto& [set, flag] : {std::pair{o.status, "--status"}, std::pair{o.rollback, "--rollback"}}) {
    if (!set) continue;
    if (!o.image.empty())
      return core::Error::usage(std::string(flag) + " takes no --image (use --image-repository, or --rollback --to)");
    if (o.dry_run || o.check_only)
      return core::Error::usage(std::string(flag) + " excludes --dry-run and --check-only");
  }
  if (o.status && (o.allow_older || o.require_known_live || o.pin_digest))
    return core::Error::usage(
        "--status writes nothing: --allow-older, --require-known-live and --pin-digest do not apply");
  if (!o.rollback_to.empty() && !o.rollback) return core::Error::usage("--to needs --rollback");
  if (!o.image_repository.empty() && !o.status && !o.rollback)
    return core::Error::usage(
        "--image-repository is for --status and --rollback (a pin uses the repository of --image)");
  if (!o.status && !o.rollback && o.image.empty()) return core::Error::usage("--image is required");
  if (o.fail_if_missing && !o.status) return core::Error::usage("--fail-if-missing is for --status");
  if ((!o.keep.empty() || !o.keeper_app.empty()) && (o.dry_run || o.check_only))
    return core::Error::usage("--keep and --keeper-app apply to a pin, --rollback or --status, not to " +
                              std::string(o.dry_run ? "--dry-run" : "--check-only"));
  if (!o.keeper_app.empty() && o.keep.empty() && !o.status) return core::Error::usage("--keeper-app needs --keep");
  return core::ok_status();
}

Mode mode_of(const Options& o) {
  if (o.status) return Mode::kStatus;
  if (o.rollback) return Mode::kRollback;
  if (o.dry_run) return Mode::kDryRun;
  return o.check_only ? Mode::kCheckOnly : Mode::kPin;
}

core::Result<registry::Reference> image_reference(const std::string& text, const Options& o) {
  auto ref = registry::parse_reference(text);
  if (!ref.ok()) return ref.error();
  if (auto st = check_tag_policy(*ref, o.allow_mutable_tag ? MutableTags::kAllow : MutableTags::kRefuse); !st.ok())
    return st.error();
  return ref;
}

// A GitHub deployment environment is a name on the Environments page: one line,
// at most 255 characters (GitHub's limit).
core::Status check_environment(const std::string& name) {
  if (name.size() > 255) return core::Error::usage("--environment must be at most 255 characters");
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      return core::Error::usage(
          "--environment must be one line of printable characters (it names a GitHub "
          "deployment environment)");
    }
  }
  return core::ok_status();
}

HistoryPlan history_of(const Options& o, const core::Environment& env) {
  HistoryPlan h;
  h.environment = o.environment.empty() ? "supabase-" + o.project_ref : o.environment;
  h.api_url = env.get_or("GITHUB_API_URL", github::kDefaultApiUrl);
  h.repository = env.get_or("GITHUB_REPOSITORY", "");
  h.sha = env.get_or("GITHUB_SHA", "");
  const auto server = env.get_or("GITHUB_SERVER_URL", "https://github.com");
  const auto run_id = env.get_or("GITHUB_RUN_ID", "");
  if (!h.repository.empty() && !run_id.empty()) h.run_url = server + "/" + h.repository + "/actions/runs/" + run_id;
  h.token = env.get_or("GITHUB_TOKEN", "");
  if (h.token.empty()) {
    h.missing = "GITHUB_TOKEN is not set";
  } else if (h.repository.empty()) {
    h.missing = "GITHUB_REPOSITORY is not set";
  } else if (h.sha.empty() && mode_of(o) != Mode::kStatus) {
    h.missing = "GITHUB_SHA is not set";
  }
  if (!h.missing.empty()) h.token.clear();
  return h;
}

// A pin with --keep needs the Machines API and the app; --status uses them when given.
core::Result<RetentionPlan> retention_of(const Options& o, const core::Environment& env) {
  RetentionPlan r;
  if (!o.keep.empty()) {
    auto keep = whole_number_flag(o.keep, "--keep", {.min = 0, .max = 20});
    if (!keep.ok()) return keep.error();
    r.keep = *keep;
    if (!o.status) r.upkeep = Upkeep::kKeep;
  }
  r.missing = o.fail_if_missing ? Missing::kFail : Missing::kReport;
  r.app = o.keeper_app.empty() ? env.get_or("FLY_APP", "") : o.keeper_app;
  if (!r.app.empty()) {
    if (auto st = fly::validate_app_name(r.app); !st.ok())
      return core::Error::usage((o.keeper_app.empty() ? "FLY_APP: " : "--keeper-app: ") + st.error().message);
  }
  if (auto token = core::fly_token(env)) {
    r.fly.token = token->value;
    r.fly.credential = token->variable;
  }
  r.fly.base_url = env.get_or("FLY_API_URL", r.fly.base_url);
  if (r.upkeep == Upkeep::kKeep) {
    if (r.fly.token.empty())
      return core::Error::usage("--keep makes keeper machines: set FLY_API_TOKEN (or FLY_ACCESS_TOKEN)");
    if (r.app.empty()) return core::Error::usage("--keep needs the keepers' app: --keeper-app APP, or FLY_APP");
  }
  return r;
}

}  // namespace

core::Result<Plan> validate(const Options& o, const core::Environment& env) {
  if (auto st = check_combinations(o); !st.ok()) return st.error();
  if (o.project_ref.empty()) return core::Error::usage("--project-ref is required");
  Plan plan;
  plan.mode = mode_of(o);
  if (!o.image.empty()) {
    auto ref = image_reference(o.image, o);
    if (!ref.ok()) return ref.error();
    plan.image = *ref;
  }
  if (!o.rollback_to.empty()) {
    auto ref = image_reference(o.rollback_to, o);
    if (!ref.ok()) return ref.error();
    plan.rollback_to = *ref;
  }
  if (!o.image_repository.empty()) {
    auto ref = registry::parse_reference(o.image_repository);
    if (!ref.ok()) return ref.error();
    plan.image_repository = *ref;
  }
  if (auto st = supabase::validate_project_ref(o.project_ref); !st.ok()) return st.error();
  plan.project_ref = o.project_ref;
  if (auto st = supabase::validate_secret_name(o.secret_name); !st.ok()) return st.error();
  plan.secret_name = o.secret_name;
  if (auto st = check_environment(o.environment); !st.ok()) return st.error();
  auto platform = registry::Platform::parse(o.platform);
  if (!platform.ok()) return platform.error();
  plan.platform = *platform;
  plan.write_as = o.pin_digest ? WriteAs::kDigest : WriteAs::kReference;
  // A rollback goes back on purpose: the pin it picks is older than the live one by design.
  plan.freshness = o.allow_older || o.rollback ? Freshness::kAllowOlder : Freshness::kGuard;
  plan.unknown_live = o.require_known_live ? UnknownLive::kFail : UnknownLive::kWarn;
  std::vector<std::string> named;
  for (const auto* ref : {&plan.image, plan.rollback_to ? &*plan.rollback_to : nullptr,
                          plan.image_repository ? &*plan.image_repository : nullptr}) {
    if (ref != nullptr) named.push_back(ref->domain);
  }
  auto credentials = registry::CredentialScope::of(env, named);
  if (!credentials.ok()) return credentials.error();
  plan.credentials = std::move(*credentials);
  plan.history = history_of(o, env);
  auto retention = retention_of(o, env);
  if (!retention.ok()) return retention.error();
  plan.retention = std::move(*retention);
  if (plan.mode == Mode::kRollback && !plan.rollback_to && plan.history.token.empty()) {
    return core::Error::usage("--rollback without --to needs the deployment history, but " + plan.history.missing +
                              ": pass --to IMAGE");
  }
  if (plan.mode != Mode::kDryRun) {
    auto token = env.get("SUPABASE_ACCESS_TOKEN");
    if (!token) {
      return core::Error::usage("SUPABASE_ACCESS_TOKEN is not set: pin-image needs a Supabase Management API token");
    }
    plan.token = *token;
  }
  plan.api_url = env.get_or("SUPABASE_API_URL", supabase::kDefaultApiUrl);
  return plan;
}

}  // namespace flypin::cmd::pin_image
