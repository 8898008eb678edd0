#include "cmd/build-image/read_back.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace flypin::cmd::build_image {
namespace {

bool manifest_unknown(const core::Error& error) {
  return error.kind == core::ErrorKind::kNotFound ||
         std::find(error.codes.begin(), error.codes.end(), "MANIFEST_UNKNOWN") != error.codes.end();
}

}  // namespace

core::Result<registry::ResolvedImage> read_back(registry::RegistryClient& client, const registry::Reference& ref,
                                                const registry::Platform& platform, core::Clock& clock,
                                                std::chrono::milliseconds window) {
  const auto deadline = clock.now() + window;
  bool said = false;
  while (true) {
    auto resolved = client.resolve(ref, std::optional<registry::Platform>(platform));
    if (resolved.ok() || !manifest_unknown(resolved.error()) || clock.now() + kManifestUnknownPause > deadline) {
      return resolved;
    }
    if (!said) {
      spdlog::info("the registry does not show {} yet (MANIFEST_UNKNOWN); asking again for up to {} s", ref.str(),
                   std::chrono::duration_cast<std::chrono::seconds>(window).count());
      said = true;
    }
    if (!clock.sleep_for(kManifestUnknownPause)) return core::Error::cancelled();
  }
}

}  // namespace flypin::cmd::build_image
