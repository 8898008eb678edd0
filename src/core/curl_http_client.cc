#include "core/curl_http_client.h"

#include <curl/curl.h>

#include <chrono>
#include <mutex>
#include <string_view>

#include "core/curl_error.h"
#include "core/interrupt.h"
#include "core/redact.h"
#include "core/version.h"

namespace flypin::core {
namespace {

using SteadyClock = std::chrono::steady_clock;

// One transfer as our callbacks see it: the body under its cap, and the
// bytes that arrived since the stall window last moved.
struct Transfer {
  const HttpRequest& request;
  HttpResponse& response;
  Abort abort = Abort::kNone;
  bool begun = false;
  std::size_t received = 0;  // header and body bytes
  std::size_t window_received = 0;
  SteadyClock::time_point window_start;

  void arrived(std::size_t n) {
    if (!begun) {
      begun = true;
      window_start = SteadyClock::now();
    }
    received += n;
  }
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (n > t->request.max_body - t->response.body.size()) {
    t->abort = Abort::kBodyTooLarge;
    return 0;  // libcurl aborts the transfer
  }
  t->response.body.append(data, n);
  t->arrived(n);
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  auto& headers = t->response.headers;
  t->arrived(size * count);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    headers = Headers{};  // a new response (e.g. after 100 Continue) starts over
    return size * count;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return size * count;
  auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ')) s.remove_suffix(1);
    return std::string(s);
  };
  headers.add(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
  return size * count;
}

// libcurl calls this at least once a second, data or not.
int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  if (interrupted()) return 1;
  auto* t = static_cast<Transfer*>(user);
  if (!t->begun) return 0;
  const auto now = SteadyClock::now();
  if (t->received - t->window_received >= t->request.stall.min_bytes) {
    t->window_received = t->received;
    t->window_start = now;
  } else if (now - t->window_start >= t->request.stall.window) {
    t->abort = Abort::kStalled;
    return 1;
  }
  return 0;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

CurlHttpClient::CurlHttpClient(TlsTrust trust) : trust_(std::move(trust)) {
  global_init();
  handle_ = curl_easy_init();
}

CurlHttpClient::~CurlHttpClient() { curl_easy_cleanup(static_cast<CURL*>(handle_)); }

Result<HttpResponse> CurlHttpClient::send(const HttpRequest& request) {
  if (interrupted()) return Error::cancelled();
  // A header line is ours to end: a value carrying CR, LF or NUL (a server's
  // lease nonce, say) would end it early and add headers of its choosing.
  for (const auto& [k, v] : request.headers.items()) {
    if ((k + v).find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) {
      Error e = Error::internal("refusing to send header " + k.substr(0, 64) +
                                ": its value holds a line break or NUL, which would inject headers");
      e.api = request.api;
      e.method = request.method;
      e.url = redact_url(request.url);
      return e;
    }
  }
  auto* curl = static_cast<CURL*>(handle_);
  curl_easy_reset(curl);

  HttpResponse response;
  Transfer transfer{request, response};
  char detail[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2);  // mbedTLS 2.28 would accept 1.0 and 1.1
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(request.total_timeout.count()));
  // libcurl copies string options.
  curl_easy_setopt(curl, CURLOPT_USERAGENT, (std::string("flypin/") + version()).c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_body));
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  // On a reused connection that dies before any byte of the answer, libcurl
  // sends the request again on its own. A change whose answer was lost may
  // have been applied: whether to send it again is its caller's to decide.
  // Closed after its answer: else every change leaves one more idle connection
  // behind (five per client), holding a server's worker for its keep-alive.
  if (!request.idempotent()) {
    curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(curl, CURLOPT_FORBID_REUSE, 1L);
  }
  if (!trust_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, trust_.ca_file.c_str());
  if (!trust_.ca_dir.empty()) curl_easy_setopt(curl, CURLOPT_CAPATH, trust_.ca_dir.c_str());

  if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
  }

  curl_slist* list = nullptr;
  for (const auto& [k, v] : request.headers.items()) {
    list = curl_slist_append(list, (k + ": " + v).c_str());
  }
  list = curl_slist_append(list, "Expect:");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);

  ++requests_sent_;
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(list);

  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);  // `detail` goes out of scope

  if (rc != CURLE_OK) {
    if (interrupted()) return Error::cancelled();
    return transfer_error(request, rc, detail, transfer.abort);
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace flypin::core
