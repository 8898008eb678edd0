#pragma once
// Signs RS256 JWTs with a PEM RSA key and puts the PEM certificate in the
// `x5c` header, which is how distribution 2.8 finds the verification key.

#include <memory>
#include <string>

namespace flypin::emulators::token_server {

class JwtSigner {
 public:
  JwtSigner(const std::string& key_pem_path, const std::string& cert_pem_path);
  ~JwtSigner();
  JwtSigner(const JwtSigner&) = delete;
  JwtSigner& operator=(const JwtSigner&) = delete;

  /// header.payload.signature for the JSON claims object.
  std::string sign(const std::string& claims_json) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string base64url(const std::string& data);

}  // namespace flypin::emulators::token_server
