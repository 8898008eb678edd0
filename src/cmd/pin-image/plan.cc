#include "cmd/pin-image/plan.h"

#include "cmd/pin-image/tag_policy.h"
#include "supabase/secrets_client.h"
#include "supabase/validation.h"

namespace flypin::cmd::pin_image {

core::Result<Plan> validate(const Options& o, const core::Environment& env) {
  if (o.image.empty()) return core::Error::usage("--image is required");
  if (o.project_ref.empty()) return core::Error::usage("--project-ref is required");
  if (o.dry_run && o.check_only) return core::Error::usage("--dry-run and --check-only exclude each other");
  Plan plan;
  plan.mode = o.dry_run ? Mode::kDryRun : o.check_only ? Mode::kCheckOnly : Mode::kPin;
  auto ref = registry::parse_reference(o.image);
  if (!ref.ok()) return ref.error();
  if (auto st = check_tag_policy(*ref, o.allow_mutable_tag ? MutableTags::kAllow : MutableTags::kRefuse); !st.ok())
    return st.error();
  plan.image = *ref;
  if (auto st = supabase::validate_project_ref(o.project_ref); !st.ok()) return st.error();
  plan.project_ref = o.project_ref;
  if (auto st = supabase::validate_secret_name(o.secret_name); !st.ok()) return st.error();
  plan.secret_name = o.secret_name;
  auto platform = registry::Platform::parse(o.platform);
  if (!platform.ok()) return platform.error();
  plan.platform = *platform;
  plan.write_as = o.pin_digest ? WriteAs::kDigest : WriteAs::kReference;
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
