#pragma once
// The containers storage configuration buildah would read (containers-storage.conf(5)):
// STORAGE_DRIVER, else the file CONTAINERS_STORAGE_CONF names, else the
// user's ~/.config/containers/storage.conf (not root), else
// /etc/containers/storage.conf, else /usr/share/containers/storage.conf.
// build-image leaves a driver chosen there to buildah instead of overriding it.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/environment.h"

namespace flypin::build {

/// `driver` of the [storage] table of a storage.conf text, when set and non-empty.
std::optional<std::string> storage_driver_in(std::string_view toml);

/// The files buildah would read, in order; the first that exists is the one.
std::vector<std::string> storage_conf_candidates(const core::Environment& env);

/// The storage driver the environment or the first storage.conf names.
std::optional<std::string> configured_storage_driver(const core::Environment& env);

}  // namespace flypin::build
