#pragma once
// A minimal single-platform image as a registry serves it: an OCI manifest
// and its config blob, with their sha256 digests. For scripted registries
// that need a real-looking image without building one.

#include <string>

namespace flypin::hostile {

struct TinyImage {
  std::string config;           // the config blob (os/architecture)
  std::string config_digest;    // "sha256:..."
  std::string manifest;         // OCI image manifest naming the config
  std::string manifest_digest;  // "sha256:..."
  static constexpr const char* kManifestType = "application/vnd.oci.image.manifest.v1+json";
};

TinyImage tiny_image(const std::string& architecture = "amd64");

}  // namespace flypin::hostile
