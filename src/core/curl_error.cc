#include "core/curl_error.h"

#include <curl/curl.h>

#include "core/redact.h"

namespace flypin::core {
namespace {

bool has(std::string_view text, std::string_view needle) { return text.find(needle) != std::string_view::npos; }

std::string duration_text(std::chrono::milliseconds d) {
  return d.count() % 1000 == 0 ? std::to_string(d.count() / 1000) + " s" : std::to_string(d.count()) + " ms";
}

// libcurl words a failed verification after the TLS library; say it plainly.
std::string certificate_reason(std::string_view detail, std::string_view host) {
  if (has(detail, "expired")) return "expired";
  if (has(detail, "not yet valid")) return "not yet valid";
  if (has(detail, "subject name") || has(detail, "does not match") || has(detail, "hostname mismatch")) {
    return "name mismatch, the certificate does not match " + std::string(host);
  }
  if (has(detail, "issuer") || has(detail, "self-signed") || has(detail, "self signed") ||
      has(detail, "unable to verify")) {
    return "untrusted issuer, no CA trusted here (SSL_CERT_FILE, SSL_CERT_DIR or the system store) signed it";
  }
  return "verification failed";
}

std::string host_of(std::string_view authority) {
  if (authority.starts_with('[')) return std::string(authority.substr(0, authority.find(']') + 1));
  return std::string(authority.substr(0, authority.rfind(':')));
}

}  // namespace

std::string url_authority(std::string_view url) {
  const bool https = url.starts_with("https://");
  auto start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  auto end = url.find_first_of("/?#", start);
  std::string_view authority = url.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
  if (auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  const auto bracket = authority.rfind(']');
  const auto colon = authority.rfind(':');
  const bool has_port = colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
  return std::string(authority) + (has_port ? "" : https ? ":443" : ":80");
}

Error transfer_error(const HttpRequest& request, int curl_code, std::string_view detail, Abort abort) {
  const auto code = static_cast<CURLcode>(curl_code);
  const std::string what = redact(detail.empty() ? std::string(curl_easy_strerror(code)) : std::string(detail));
  Error e;
  e.api = request.api;
  e.method = request.method;
  e.url = redact_url(request.url);
  e.kind = ErrorKind::kNetwork;
  e.message = what;

  if (abort == Abort::kBodyTooLarge || code == CURLE_FILESIZE_EXCEEDED) {
    e.kind = ErrorKind::kDecode;
    e.finality = Finality::kFinal;
    e.message = "the response is larger than the " + size_text(request.max_body) + " this call accepts; abandoned";
    return e;
  }
  if (abort == Abort::kStalled) {
    e.kind = ErrorKind::kTimeout;
    e.finality = Finality::kFinal;
    e.message = "the response stalled: under " + size_text(request.stall.min_bytes) + " arrived in " +
                duration_text(request.stall.window) + "; abandoned, not retried";
    return e;
  }
  switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH: {
      const std::string authority = url_authority(request.url);
      e.finality = Finality::kFinal;
      e.message = "TLS certificate of " + authority + " rejected: " + certificate_reason(what, host_of(authority)) +
                  " (" + what + "); a certificate failure is final, not retried";
      return e;
    }
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
      e.finality = Finality::kFinal;
      e.message = "cannot use the configured TLS certificates (" + what + "); not retried";
      return e;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      e.finality = Finality::kFinal;
      e.message = "cannot request this URL (" + what + ")";
      return e;
    case CURLE_SSL_CONNECT_ERROR:  // a reset mid-handshake is as transient as any other
      e.message = "TLS handshake with " + url_authority(request.url) + " failed (" + what + ")";
      return e;
    case CURLE_OPERATION_TIMEDOUT:
      e.kind = ErrorKind::kTimeout;
      return e;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      e.delivery = Delivery::kNotSent;
      e.message = "cannot reach " + url_authority(request.url) + " (" + what + ")";
      return e;
    default:
      return e;
  }
}

}  // namespace flypin::core
