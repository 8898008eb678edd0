#include "core/curl_error.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

namespace flypin::core {
namespace {

HttpRequest request(const std::string& url) {
  HttpRequest r;
  r.url = url;
  r.api = "registry";
  return r;
}

TEST(TransferError, CertificateFailuresAreFinalAndSayWhy) {
  struct Case {
    const char* detail;
    const char* reason;
  };
  for (const auto& c : {Case{"SSL certificate problem: unable to get local issuer certificate", "untrusted issuer"},
                        Case{"SSL certificate problem: self-signed certificate", "untrusted issuer"},
                        Case{"SSL: no alternative certificate subject name matches target host name 'r.io'",
                             "name mismatch, the certificate does not match r.io"},
                        Case{"SSL certificate problem: certificate has expired", "expired"}}) {
    auto e = transfer_error(request("https://r.io/v2/"), CURLE_PEER_FAILED_VERIFICATION, c.detail, Abort::kNone);
    EXPECT_FALSE(e.retryable()) << c.detail;
    EXPECT_EQ(e.kind, ErrorKind::kNetwork);
    EXPECT_NE(e.message.find("TLS certificate of r.io:443 rejected: " + std::string(c.reason)), std::string::npos)
        << e.message;
    EXPECT_NE(e.message.find(c.detail), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("not retried"), std::string::npos) << e.message;
  }
}

TEST(TransferError, ABadCaBundleIsFinal) {
  auto e = transfer_error(request("https://r.io/"), CURLE_SSL_CACERT_BADFILE, "error setting certificate file: /x",
                          Abort::kNone);
  EXPECT_FALSE(e.retryable());
  EXPECT_NE(e.message.find("/x"), std::string::npos);
}

TEST(TransferError, AHandshakeResetAndOtherTransportErrorsStayRetryable) {
  for (int code : {CURLE_SSL_CONNECT_ERROR, CURLE_COULDNT_CONNECT, CURLE_RECV_ERROR, CURLE_GOT_NOTHING}) {
    auto e = transfer_error(request("https://r.io/"), code, "", Abort::kNone);
    EXPECT_TRUE(e.retryable()) << code;
    EXPECT_EQ(e.kind, ErrorKind::kNetwork);
    EXPECT_FALSE(e.message.empty());
  }
  auto timeout = transfer_error(request("https://r.io/"), CURLE_OPERATION_TIMEDOUT, "", Abort::kNone);
  EXPECT_EQ(timeout.kind, ErrorKind::kTimeout);
  EXPECT_TRUE(timeout.retryable());
}

TEST(TransferError, BodyOverItsCapIsFinalAndNamesTheCap) {
  auto r = request("http://127.0.0.1:5000/v2/app/manifests/t");
  r.max_body = 4 * kMiB;
  for (auto [code, abort] :
       {std::pair{CURLE_WRITE_ERROR, Abort::kBodyTooLarge}, std::pair{CURLE_FILESIZE_EXCEEDED, Abort::kNone}}) {
    auto e = transfer_error(r, code, "", abort);
    EXPECT_FALSE(e.retryable());
    EXPECT_EQ(e.message, "the response is larger than the 4 MiB this call accepts; abandoned");
    EXPECT_EQ(e.describe(),
              "the response is larger than the 4 MiB this call accepts; abandoned (registry: GET "
              "http://127.0.0.1:5000/v2/app/manifests/t)");
  }
}

TEST(TransferError, StallIsFinalAndNamesTheWindow) {
  auto e = transfer_error(request("http://127.0.0.1:5000/"), CURLE_ABORTED_BY_CALLBACK, "", Abort::kStalled);
  EXPECT_EQ(e.kind, ErrorKind::kTimeout);
  EXPECT_FALSE(e.retryable());
  EXPECT_EQ(e.message, "the response stalled: under 1 KiB arrived in 5 s; abandoned, not retried");
}

TEST(UrlAuthority, DefaultsThePortFromTheScheme) {
  EXPECT_EQ(url_authority("https://r.io/v2/"), "r.io:443");
  EXPECT_EQ(url_authority("http://r.io"), "r.io:80");
  EXPECT_EQ(url_authority("https://user:pw@r.io:8443/x?y"), "r.io:8443");
  EXPECT_EQ(url_authority("https://[::1]/x"), "[::1]:443");
  EXPECT_EQ(url_authority("https://[::1]:5000/x"), "[::1]:5000");
}

}  // namespace
}  // namespace flypin::core
