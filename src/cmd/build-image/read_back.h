#pragma once
// Reading the pushed tag back. Registries behind a CDN or an eventually
// consistent store (Fly's among them) may answer MANIFEST_UNKNOWN for a few
// seconds after a push that succeeded: such an answer is asked again, within
// a bounded window, before the push is called failed.
#include <chrono>

#include "core/clock.h"
#include "core/result.h"
#include "registry/platform.h"
#include "registry/reference.h"
#include "registry/registry_client.h"

namespace flypin::cmd::build_image {

inline constexpr std::chrono::seconds kManifestUnknownWindow{15};
inline constexpr std::chrono::milliseconds kManifestUnknownPause{500};

/// resolve(ref, platform), asked again while the registry says the manifest is unknown, for at most `window`.
core::Result<registry::ResolvedImage> read_back(registry::RegistryClient& client, const registry::Reference& ref,
                                                const registry::Platform& platform, core::Clock& clock,
                                                std::chrono::milliseconds window = kManifestUnknownWindow);

}  // namespace flypin::cmd::build_image
