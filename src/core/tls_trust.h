#pragma once
// Which certificate authorities HTTPS connections trust. SSL_CERT_FILE and
// SSL_CERT_DIR, as OpenSSL and Go programs (flyctl among them) honour them, for
// corporate proxies and test CAs. Otherwise the system's bundle, found where
// the distributions keep it: the release programs are static and carry no path
// of the machine they were built on (libcurl is built with no default bundle).

#include <functional>
#include <span>
#include <string>

#include "core/environment.h"

namespace flypin::core {

/// Where Linux distributions keep their CA bundle, in the order Go's crypto/x509
/// probes them (Debian/Ubuntu/Gentoo, Fedora/RHEL 6, openSUSE, OpenELEC,
/// CentOS/RHEL 7+, Alpine); the first that exists is used.
std::span<const char* const> system_ca_files();
/// Certificate directories, tried only when no bundle file exists (SLES, Fedora/RHEL).
std::span<const char* const> system_ca_dirs();

enum class PathKind { kFile, kDirectory };
/// Whether `path` exists as that kind; the real one asks the filesystem.
using PathProbe = std::function<bool(const std::string& path, PathKind kind)>;
bool path_exists(const std::string& path, PathKind kind);

struct TlsTrust {
  std::string ca_file;  // PEM bundle; "" = none
  std::string ca_dir;   // certificate directory; "" = none

  /// SSL_CERT_FILE / SSL_CERT_DIR when either is set; else the first system
  /// bundle that exists; else the first certificate directory; else nothing
  /// (and every HTTPS peer is refused).
  static TlsTrust from(const Environment& env, const PathProbe& exists = path_exists);

  /// For error messages: "CA bundle /etc/ssl/certs/ca-certificates.crt", ...
  std::string describe() const;
};

}  // namespace flypin::core
