#include <spdlog/spdlog.h>

#include "cmd/build-image/build_image.h"
#include "cmd/build-image/summary.h"
#include "cmd/common/program.h"
#include "core/clock.h"
#include "core/curl_http_client.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "core/retry.h"

namespace {
constexpr const char* kProgram = "build-image";
}

int main(int argc, char** argv) {
  using namespace flypin;
  auto env = core::Environment::from_process();
  gha::ActionsIO io(env);
  cmd::start_program(kProgram, env, io);

  cmd::build_image::Options options;
  auto app = cmd::make_app(kProgram,
                           "Build an image, push it under an immutable deployment-<ULID> tag, and confirm the tag "
                           "and its digest through the registry API.");
  cmd::build_image::add_flags(*app, options);
  if (auto exit = cmd::parse_flags(*app, argc, argv)) return *exit;
  if (auto st = cmd::build_image::validate(options, env); !st.ok()) return cmd::report_failure(io, kProgram, st.error());

  core::CurlHttpClient curl(core::TlsTrust::from(env));
  core::RetryingHttpClient http(curl, core::system_clock());
  http.set_observer(cmd::log_retries());
  core::SystemProcessRunner processes;
  cmd::build_image::Deps deps{processes, http, env, io, core::system_clock()};

  auto outcome = cmd::build_image::run(options, deps);
  if (!outcome.ok()) return cmd::report_failure(io, kProgram, outcome.error());

  core::json::FlatObject results;
  results.add("image", outcome->image)
      .add("tag", outcome->tag)
      .add("digest", outcome->digest)
      .add("image-pinned", outcome->image_pinned);
  return cmd::finish(io, kProgram, results, options.json, cmd::build_image::summary_markdown(*outcome));
}
