#pragma once
// A throwaway certificate authority for TLS tests, made with the openssl CLI
// in a directory the caller owns: a CA certificate (the bundle a client is
// told to trust) and server certificates for given DNS names and IPs.

#include <string>
#include <vector>

#include "support/hostile/scripted_server.h"

namespace flypin::hostile {

class TestCa {
 public:
  /// Creates the CA key and self-signed certificate in `dir`. Throws on failure.
  explicit TestCa(std::string dir, std::string name = "flypin test CA");

  /// PEM of the CA certificate: give it to clients as their CA bundle.
  const std::string& ca_pem_path() const { return ca_cert_; }

  /// A server certificate (and key) signed by this CA for every name in
  /// `dns_names` and every address in `ips`; files named after `label`.
  TlsFiles issue(const std::string& label, const std::vector<std::string>& dns_names,
                 const std::vector<std::string>& ips = {"127.0.0.1"}) const;
  /// As issue(), but the certificate expired a day ago.
  TlsFiles issue_expired(const std::string& label, const std::vector<std::string>& dns_names,
                         const std::vector<std::string>& ips = {"127.0.0.1"}) const;

 private:
  TlsFiles sign(const std::string& label, const std::vector<std::string>& dns_names,
                const std::vector<std::string>& ips, const std::string& days) const;

  std::string dir_;
  std::string ca_key_;
  std::string ca_cert_;
};

}  // namespace flypin::hostile
