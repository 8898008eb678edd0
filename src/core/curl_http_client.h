#pragma once

#include <memory>

#include "core/http.h"
#include "core/tls_trust.h"

namespace flypin::core {

/// HttpClient over one libcurl easy handle, reused so that keep-alive
/// connections carry consecutive requests. Not thread-safe: one per thread.
/// Redirects are not followed; a SIGINT/SIGTERM aborts a transfer in flight.
class CurlHttpClient : public HttpClient {
 public:
  explicit CurlHttpClient(TlsTrust trust = {});
  ~CurlHttpClient() override;
  CurlHttpClient(const CurlHttpClient&) = delete;
  CurlHttpClient& operator=(const CurlHttpClient&) = delete;

  Result<HttpResponse> send(const HttpRequest& request) override;

  /// How many requests went on the wire (for request-count checks).
  int requests_sent() const { return requests_sent_; }

 private:
  void* handle_;
  TlsTrust trust_;
  int requests_sent_ = 0;
};

}  // namespace flypin::core
