#pragma once
// Manifest media types and parsing: OCI index / Docker manifest list entries
// with their platforms (attestation entries flagged), and the config digest of
// a single image manifest.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "registry/platform.h"

namespace flypin::registry {

inline constexpr std::string_view kOciIndex = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view kOciManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view kDockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view kDockerManifest = "application/vnd.docker.distribution.manifest.v2+json";

/// All four manifest media types, for the Accept header.
std::string manifest_accept();
bool is_index_media_type(std::string_view media_type);

struct IndexEntry {
  std::string digest;
  std::string media_type;
  Platform platform;
  bool attestation = false;  // unknown/unknown or vnd.docker.reference.type: attestation-manifest
};

struct Manifest {
  std::string media_type;
  bool is_index = false;
  std::vector<IndexEntry> entries;  // index only
  std::string config_digest;        // image manifest only
};

/// `content_type` from the response wins over the body's mediaType when the body has none.
core::Result<Manifest> parse_manifest(std::string_view body, std::string_view content_type);

/// os/architecture/variant from an image config blob.
core::Result<Platform> parse_config_platform(std::string_view body);

/// The image config's `created` (RFC 3339), "" when absent or not a string.
std::string parse_config_created(std::string_view body);

}  // namespace flypin::registry
