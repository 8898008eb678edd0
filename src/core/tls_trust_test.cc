#include "core/tls_trust.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace flypin::core {
namespace {

// A filesystem holding exactly the given paths.
PathProbe only(std::set<std::string> files, std::set<std::string> dirs = {}) {
  return [files, dirs](const std::string& path, PathKind kind) {
    return kind == PathKind::kFile ? files.contains(path) : dirs.contains(path);
  };
}

TEST(TlsTrust, EnvironmentWinsOverTheSystemBundle) {
  auto probe = only({"/etc/ssl/certs/ca-certificates.crt"});
  auto file = TlsTrust::from(Environment(std::map<std::string, std::string>{{"SSL_CERT_FILE", "/corp/ca.pem"}}), probe);
  EXPECT_EQ(file.ca_file, "/corp/ca.pem");
  EXPECT_EQ(file.ca_dir, "");
  auto dir = TlsTrust::from(Environment(std::map<std::string, std::string>{{"SSL_CERT_DIR", "/corp/certs"}}), probe);
  EXPECT_EQ(dir.ca_file, "");
  EXPECT_EQ(dir.ca_dir, "/corp/certs");
}

TEST(TlsTrust, FindsEachDistributionsBundle) {
  for (const char* bundle :
       {"/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/ca-bundle.pem",
        "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/ssl/cert.pem"}) {
    auto trust = TlsTrust::from(Environment(), only({bundle}, {"/etc/ssl/certs"}));
    EXPECT_EQ(trust.ca_file, bundle);
    EXPECT_EQ(trust.ca_dir, "") << "a bundle was found; the directory is not needed";
  }
}

TEST(TlsTrust, TakesTheFirstBundleInProbeOrder) {
  auto trust = TlsTrust::from(Environment(), only({"/etc/ssl/cert.pem", "/etc/pki/tls/certs/ca-bundle.crt"}));
  EXPECT_EQ(trust.ca_file, "/etc/pki/tls/certs/ca-bundle.crt");
}

TEST(TlsTrust, FallsBackToACertificateDirectory) {
  auto trust = TlsTrust::from(Environment(), only({}, {"/etc/pki/tls/certs"}));
  EXPECT_EQ(trust.ca_file, "");
  EXPECT_EQ(trust.ca_dir, "/etc/pki/tls/certs");
}

TEST(TlsTrust, NothingFoundTrustsNothingAndSaysSo) {
  auto trust = TlsTrust::from(Environment(), only({}));
  EXPECT_EQ(trust.ca_file, "");
  EXPECT_EQ(trust.ca_dir, "");
  EXPECT_NE(trust.describe().find("SSL_CERT_FILE"), std::string::npos);
}

TEST(TlsTrust, ADirectoryNamedLikeABundleIsNotABundle) {
  auto trust = TlsTrust::from(Environment(), only({}, {"/etc/ssl/certs/ca-certificates.crt"}));
  EXPECT_EQ(trust.ca_file, "");
}

TEST(TlsTrust, RealProbeTellsFilesFromDirectories) {
  EXPECT_TRUE(path_exists("/", PathKind::kDirectory));
  EXPECT_FALSE(path_exists("/", PathKind::kFile));
  EXPECT_FALSE(path_exists("/nonexistent/flypin", PathKind::kFile));
}

}  // namespace
}  // namespace flypin::core
