#include "core/tls_trust.h"

namespace flypin::core {

TlsTrust TlsTrust::from(const Environment& env) {
  return TlsTrust{.ca_file = env.get_or("SSL_CERT_FILE", ""), .ca_dir = env.get_or("SSL_CERT_DIR", "")};
}

}  // namespace flypin::core
