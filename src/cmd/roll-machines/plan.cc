#include "cmd/roll-machines/plan.h"

#include "cmd/common/flag_values.h"
#include "core/duration.h"
#include "fly/access.h"
#include "fly/validation.h"
#include "registry/deployment_tag.h"
#include "supabase/secrets_client.h"
#include "supabase/validation.h"

namespace flypin::cmd::roll_machines {
namespace {

core::Result<Update> update_mode(const std::string& text) {
  if (text.empty() || text == "none") return Update::kReport;
  if (text == "stopped") return Update::kStopped;
  if (text == "all") return Update::kAll;
  return core::Error::usage("--update wants none, stopped or all, got '" + text.substr(0, 40) + "'");
}

core::Status add_selectors(Plan& plan, const std::vector<std::string>& pairs) {
  for (const auto& pair : pairs) {
    const auto eq = pair.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size() || pair.size() > 256)
      return core::Error::usage("--select wants KEY=VALUE, got '" + pair.substr(0, 40) + "'");
    plan.select[pair.substr(0, eq)] = pair.substr(eq + 1);
  }
  return core::ok_status();
}

// Flags that mean something only with some --update modes are refused with the others.
core::Status check_update_flags(const Options& o, Update update) {
  if (!o.canary.empty() && update != Update::kAll) {
    return core::Error::usage("--canary goes with --update all (the machines updated and proven healthy first)");
  }
  if (!o.wait_timeout.empty() && update != Update::kAll) {
    return core::Error::usage("--wait-timeout goes with --update all (how long a running machine may take)");
  }
  if (!o.concurrency.empty() && update == Update::kReport) {
    return core::Error::usage("--concurrency goes with --update stopped or all (the report updates nothing)");
  }
  return core::ok_status();
}

core::Result<PinSource> pin_source(const Options& o, const core::Environment& env) {
  PinSource pin;
  if (auto st = supabase::validate_project_ref(o.project_ref); !st.ok()) return st.error();
  if (auto st = supabase::validate_secret_name(o.secret_name); !st.ok()) return st.error();
  auto token = env.get("SUPABASE_ACCESS_TOKEN");
  if (!token) return core::Error::usage("SUPABASE_ACCESS_TOKEN is not set: --project-ref needs it to read the pin");
  pin.project_ref = o.project_ref;
  pin.secret_name = o.secret_name;
  pin.token = *token;
  pin.api_url = env.get_or("SUPABASE_API_URL", supabase::kDefaultApiUrl);
  return pin;
}

}  // namespace

core::Result<Plan> validate(const Options& o, const core::Environment& env) {
  Plan plan;
  if (o.app.empty()) return core::Error::usage("--app is required");
  if (auto st = fly::validate_app_name(o.app); !st.ok()) return st.error();
  plan.app = o.app;
  if (o.image.empty()) return core::Error::usage("--image is required");
  auto ref = registry::parse_reference(o.image);
  if (!ref.ok()) return ref.error();
  plan.image = *ref;
  plan.image_text = o.image;
  auto credentials = registry::CredentialScope::of(env, {plan.image.domain});
  if (!credentials.ok()) return credentials.error();
  plan.credentials = std::move(*credentials);
  auto platform = registry::Platform::parse(o.platform);
  if (!platform.ok()) return platform.error();
  plan.platform = *platform;
  if (auto st = add_selectors(plan, o.select); !st.ok()) return st.error();
  auto update = update_mode(o.update);
  if (!update.ok()) return update.error();
  plan.update = *update;
  if (auto st = check_update_flags(o, plan.update); !st.ok()) return st.error();
  auto canary = whole_number_flag(o.canary.empty() ? "1" : o.canary, "--canary", {1, 100});
  if (!canary.ok()) return canary.error();
  plan.canary = *canary;
  auto concurrency = whole_number_flag(o.concurrency.empty() ? "4" : o.concurrency, "--concurrency", {1, 32});
  if (!concurrency.ok()) return concurrency.error();
  plan.concurrency = *concurrency;
  auto wait = core::parse_duration(o.wait_timeout.empty() ? "120s" : o.wait_timeout,
                                   {.min = std::chrono::seconds(5), .max = std::chrono::hours(1)});
  if (!wait.ok()) return core::Error::usage("--wait-timeout: " + wait.error().message);
  plan.wait_timeout = std::chrono::duration_cast<std::chrono::seconds>(*wait);
  if (o.fail_on_drift && plan.update != Update::kReport)
    return core::Error::usage("--fail-on-drift goes with the report, not with --update");
  plan.on_drift = o.fail_on_drift ? OnDrift::kFail : OnDrift::kReport;
  if (!o.project_ref.empty()) {
    auto pin = pin_source(o, env);
    if (!pin.ok()) return pin.error();
    plan.pin = std::move(*pin);
  } else if (plan.update != Update::kReport && plan.image.digest.empty()) {
    // A tag that can move (F1's rule) is whatever it points to by the time each
    // machine is rolled; only the secret says which image is the pin.
    if (auto why = registry::mutable_tag_problem(plan.image.tag); !why.empty()) {
      return core::Error::usage("refusing to roll to the mutable tag '" + plan.image.tag + "' of " + plan.image.str() +
                                " (" + why + ") without --project-ref: give the project whose secret pins it, or " +
                                "the image by digest (REPO@sha256:...)");
    }
  }
  if (auto st = fly::configure_access(env, plan.fly, plan.logs); !st.ok()) return st.error();
  return plan;
}

}  // namespace flypin::cmd::roll_machines
