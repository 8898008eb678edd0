#include <spdlog/spdlog.h>

#include "cmd/common/program.h"
#include "cmd/pin-image/pin_image.h"
#include "cmd/pin-image/summary.h"
#include "core/clock.h"
#include "core/curl_http_client.h"
#include "core/retry.h"

namespace {
constexpr const char* kProgram = "pin-image";
}

int main(int argc, char** argv) {
  using namespace flypin;
  auto env = core::Environment::from_process();
  gha::ActionsIO io(env);
  cmd::start_program(kProgram, env, io);

  cmd::pin_image::Options options;
  auto app = cmd::make_app(kProgram,
                           "Prove an image exists in its registry, then pin it in the Supabase Edge Function secret "
                           "that decides which image every Fly machine boots.");
  cmd::pin_image::add_flags(*app, options);
  if (auto exit = cmd::parse_flags(*app, argc, argv)) return *exit;
  if (auto st = cmd::pin_image::validate(options, env); !st.ok()) return cmd::report_failure(io, kProgram, st.error());

  const auto trust = core::TlsTrust::from(env);
  core::CurlHttpClient registry_curl(trust), supabase_curl(trust);
  core::RetryingHttpClient registry_http(registry_curl, core::system_clock());
  core::RetryingHttpClient supabase_http(supabase_curl, core::system_clock());
  registry_http.set_observer(cmd::log_retries());
  supabase_http.set_observer(cmd::log_retries());
  core::SystemProcessRunner processes;
  cmd::pin_image::Deps deps{registry_http, supabase_http, processes, env, io};

  const auto report = cmd::pin_image::run(options, deps);
  const auto& outcome = report.outcome;
  core::json::FlatObject results;
  results.add("image", outcome.image)
      .add("digest", outcome.digest)
      .add("secret-name", outcome.secret_name)
      .add("changed", outcome.changed)
      .add("verified", outcome.verified)
      .add("secret-digest", outcome.secret_digest);
  const auto summary = cmd::pin_image::summary_markdown(options, report);
  if (report.error) return cmd::finish_failed(io, kProgram, *report.error, results, summary);
  return cmd::finish(io, kProgram, results, options.json, summary);
}
