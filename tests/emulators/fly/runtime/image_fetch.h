#pragma once
// Pulls an image from its registry with skopeo (plain HTTP allowed for the
// loopback test registry) and unpacks its layers, in order, into a rootfs.

#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace flypin::emulators::fly {

struct ImageRef {
  std::string registry, repository, tag, digest;
};

/// Splits "host:port/repo/name:tag" or "...@sha256:..." (docker.io when no host).
ImageRef parse_image_ref(const std::string& image);

struct ImageConfig {
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  std::vector<std::string> env;  // "K=V"
  std::string working_dir;
};

struct PulledImage {
  std::string digest;  // what the registry resolved ("sha256:...")
  ImageConfig config;
};

enum class Tls { kVerifyUnlessLoopback, kInsecure };

struct RegistryAuth {
  std::string username, password;  // both empty: anonymous
  Tls tls = Tls::kVerifyUnlessLoopback;
};

/// True for localhost, 127.0.0.0/8 and [::1] registry hosts (spoken to over plain HTTP).
bool is_loopback_registry(const std::string& host);

/// Pulls `image` and unpacks it into `rootfs` (created). Error message is the
/// Fly-style "failed to pull image ..." text.
core::Result<PulledImage> pull_and_unpack(const std::string& image, const std::string& scratch_dir,
                                          const std::string& rootfs, const RegistryAuth& auth);

}  // namespace flypin::emulators::fly
