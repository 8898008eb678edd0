#pragma once
// Which certificate authorities HTTPS connections trust. By default the TLS
// library's own (the system bundle it was built for); SSL_CERT_FILE and
// SSL_CERT_DIR override it, as OpenSSL and Go programs (flyctl among them) do,
// for corporate proxies and test CAs.

#include <string>

#include "core/environment.h"

namespace flypin::core {

struct TlsTrust {
  std::string ca_file;  // PEM bundle; "" = the default
  std::string ca_dir;   // hashed certificate directory; "" = the default

  static TlsTrust from(const Environment& env);
};

}  // namespace flypin::core
