#include "core/tls_trust.h"

#include <sys/stat.h>

#include <array>

namespace flypin::core {

namespace {
constexpr std::array<const char*, 6> kCaFiles = {
    "/etc/ssl/certs/ca-certificates.crt",                 // Debian, Ubuntu, Gentoo, Arch
    "/etc/pki/tls/certs/ca-bundle.crt",                   // Fedora, RHEL 6
    "/etc/ssl/ca-bundle.pem",                             // openSUSE
    "/etc/pki/tls/cacert.pem",                            // OpenELEC
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  // CentOS, RHEL 7+
    "/etc/ssl/cert.pem",                                  // Alpine
};
constexpr std::array<const char*, 2> kCaDirs = {
    "/etc/ssl/certs",      // SLES 10/11
    "/etc/pki/tls/certs",  // Fedora, RHEL
};

std::string first_existing(std::span<const char* const> paths, PathKind kind, const PathProbe& exists) {
  for (const char* path : paths) {
    if (exists(path, kind)) return path;
  }
  return "";
}
}  // namespace

std::span<const char* const> system_ca_files() { return kCaFiles; }
std::span<const char* const> system_ca_dirs() { return kCaDirs; }

bool path_exists(const std::string& path, PathKind kind) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return false;
  return kind == PathKind::kFile ? S_ISREG(st.st_mode) : S_ISDIR(st.st_mode);
}

TlsTrust TlsTrust::from(const Environment& env, const PathProbe& exists) {
  TlsTrust trust{.ca_file = env.get_or("SSL_CERT_FILE", ""), .ca_dir = env.get_or("SSL_CERT_DIR", "")};
  if (!trust.ca_file.empty() || !trust.ca_dir.empty()) return trust;
  trust.ca_file = first_existing(system_ca_files(), PathKind::kFile, exists);
  if (trust.ca_file.empty()) trust.ca_dir = first_existing(system_ca_dirs(), PathKind::kDirectory, exists);
  return trust;
}

std::string TlsTrust::describe() const {
  if (!ca_file.empty() && !ca_dir.empty()) return "CA bundle " + ca_file + " and directory " + ca_dir;
  if (!ca_file.empty()) return "CA bundle " + ca_file;
  if (!ca_dir.empty()) return "CA directory " + ca_dir;
  return "no CA bundle (none of the system paths exists; set SSL_CERT_FILE)";
}

}  // namespace flypin::core
