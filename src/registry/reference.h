#pragma once
// Image references, following the distribution reference grammar:
//   [domain[:port]/]path-component(/path-component)*[:tag][@algorithm:hex]
// A first component counts as a domain when it contains '.' or ':', is
// "localhost", or has uppercase letters; otherwise the domain is docker.io and
// single-component paths get "library/". The path may have 255 characters;
// IPv6 hosts are bracketed hex and colons; digests are those registry::Digest
// can verify; 64 hex digits alone (an image ID) or a bare digest name no
// repository and are refused. Errors are usage errors on one line.

#include <string>
#include <string_view>

#include "core/result.h"

namespace flypin::registry {

struct Reference {
  std::string domain;  // "docker.io", "ghcr.io", "127.0.0.1:5000"
  std::string path;    // "library/nginx", "org/app"
  std::string tag;     // "latest" when neither tag nor digest was given
  std::string digest;  // "sha256:<64 hex>", "sha512:<128 hex>" or empty

  /// domain/path[:tag][@digest], never the familiar short form.
  std::string str() const;
  /// Names its manifest by digest: what it names can never move. The one
  /// home of that rule for every program (a tag beside the digest is a label).
  bool pinned_by_digest() const { return !digest.empty(); }
  /// The same repository pinned to `digest`, without a tag: domain/path@digest.
  Reference pinned_to(std::string digest) const;
  /// domain/path
  std::string repository() const;
  /// Host the registry API is served from: registry-1.docker.io for docker.io.
  std::string api_host() const;
  /// "http://host" for loopback hosts, else "https://host".
  std::string api_base() const;
  bool is_loopback() const;
  /// The token scope that reads this repository: repository:<path>:pull.
  std::string pull_scope() const;
};

core::Result<Reference> parse_reference(std::string_view text);

/// The digest after the '@' of an image string ("" when it names none),
/// unparsed: for image strings another system reports (a Fly machine's
/// config) or a flag that must not carry one, which parse_reference would
/// refuse before saying so.
std::string_view digest_named_in(std::string_view image);
/// A repository alone ([domain[:port]/]path, no tag or digest), as build-image
/// pushes to; the errors say "invalid repository 'X': ...".
core::Result<Reference> parse_repository(std::string_view text);

/// The tag grammar, its one home: [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}. A usage
/// error says what is wrong.
core::Status check_tag(std::string_view tag);

/// The domain Docker Hub references are canonicalised to.
inline constexpr std::string_view kDockerHubDomain = "docker.io";

/// docker.io and the other names Docker Hub goes by (index.docker.io,
/// registry-1.docker.io).
bool is_docker_hub_host(std::string_view host);

/// True for localhost, 127.0.0.0/8 and [::1], with or without a port.
bool is_loopback_host(std::string_view host);

}  // namespace flypin::registry
