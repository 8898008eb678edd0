#include "emulators/token-server/jwt_signer.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstdio>
#include <stdexcept>
#include <vector>

#include "core/crypto.h"
#include "core/json.h"

namespace flypin::emulators::token_server {

struct JwtSigner::Impl {
  EVP_PKEY* key = nullptr;
  std::string header_b64;
};

std::string base64url(const std::string& data) {
  std::string out = core::base64_encode(data);
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (auto& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

JwtSigner::JwtSigner(const std::string& key_pem_path, const std::string& cert_pem_path)
    : impl_(std::make_unique<Impl>()) {
  FILE* kf = std::fopen(key_pem_path.c_str(), "r");
  if (kf == nullptr) throw std::runtime_error("cannot open key " + key_pem_path);
  impl_->key = PEM_read_PrivateKey(kf, nullptr, nullptr, nullptr);
  std::fclose(kf);
  if (impl_->key == nullptr) throw std::runtime_error("cannot read key " + key_pem_path);

  FILE* cf = std::fopen(cert_pem_path.c_str(), "r");
  if (cf == nullptr) throw std::runtime_error("cannot open cert " + cert_pem_path);
  X509* cert = PEM_read_X509(cf, nullptr, nullptr, nullptr);
  std::fclose(cf);
  if (cert == nullptr) throw std::runtime_error("cannot read cert " + cert_pem_path);
  int len = i2d_X509(cert, nullptr);
  std::string der(static_cast<size_t>(len), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_X509(cert, &p);
  X509_free(cert);

  std::string header = R"({"alg":"RS256","typ":"JWT","x5c":[)" + core::json::quote(core::base64_encode(der)) + "]}";
  impl_->header_b64 = base64url(header);
}

JwtSigner::~JwtSigner() { EVP_PKEY_free(impl_->key); }

std::string JwtSigner::sign(const std::string& claims_json) const {
  std::string input = impl_->header_b64 + "." + base64url(claims_json);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t sig_len = 0;
  std::vector<unsigned char> sig;
  bool ok =
      EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, impl_->key) == 1 &&
      EVP_DigestSign(ctx, nullptr, &sig_len, reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
  if (ok) {
    sig.resize(sig_len);
    ok = EVP_DigestSign(ctx, sig.data(), &sig_len, reinterpret_cast<const unsigned char*>(input.data()),
                        input.size()) == 1;
  }
  EVP_MD_CTX_free(ctx);
  if (!ok) throw std::runtime_error("signing failed");
  return input + "." + base64url(std::string(reinterpret_cast<char*>(sig.data()), sig_len));
}

}  // namespace flypin::emulators::token_server
