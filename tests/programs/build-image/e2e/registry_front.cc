#include "programs/build-image/e2e/registry_front.h"

#include <strings.h>

#include "core/curl_http_client.h"

namespace flypin::e2e {
namespace {

using namespace std::chrono_literals;

bool is_one_of(const std::string& name, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (strcasecmp(name.c_str(), n) == 0) return true;
  }
  return false;
}

bool is_manifest(const hostile::Request& request) { return request.path.find("/manifests/") != std::string::npos; }

}  // namespace

RegistryFront::RegistryFront(std::string upstream, std::optional<hostile::TlsFiles> tls)
    : upstream_(std::move(upstream)), tls_(tls.has_value()) {
  auto handler = [this](const hostile::Request& request, hostile::Conn& conn) { handle(request, conn); };
  server_ = tls ? std::make_unique<hostile::ScriptedServer>(handler, *tls)
                : std::make_unique<hostile::ScriptedServer>(handler);
  host_ = server_->host();
}

void RegistryFront::name(const std::string& host_name) {
  std::lock_guard lock(mutex_);
  host_ = host_name + ":" + std::to_string(server_->port());
}

std::string RegistryFront::host() const {
  std::lock_guard lock(mutex_);
  return host_;
}

void RegistryFront::unknown_after_push(std::chrono::milliseconds window) {
  std::lock_guard lock(mutex_);
  window_ = window;
}

bool RegistryFront::answer_unknown(const hostile::Request& request) {
  std::lock_guard lock(mutex_);
  if (!window_ || !is_manifest(request)) return false;
  if (request.method == "PUT") {
    if (!pushed_at_) pushed_at_ = std::chrono::steady_clock::now();
    return false;
  }
  return (request.method == "GET" || request.method == "HEAD") && pushed_at_ &&
         std::chrono::steady_clock::now() - *pushed_at_ < *window_;
}

void RegistryFront::handle(const hostile::Request& request, hostile::Conn& conn) {
  if (answer_unknown(request)) {
    ++unknown_answers_;
    std::string body = R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]})";
    conn.respond(404, {{"Content-Type", "application/json"}}, request.method == "HEAD" ? "" : body);
    return;
  }
  core::HttpRequest forward;
  forward.method = request.method;
  forward.url = "http://" + upstream_ + request.target;
  for (const auto& [name, value] : request.headers) {
    if (!is_one_of(name, {"Host", "Connection", "Content-Length", "Transfer-Encoding", "Expect"})) {
      forward.headers.add(name, value);
    }
  }
  forward.headers.add("X-Forwarded-Proto", tls_ ? "https" : "http");
  forward.headers.add("X-Forwarded-Host", host());
  // curl would name a body without a type form data, which the registry refuses for a blob chunk.
  if (!request.body.empty() && !request.has_header("Content-Type")) {
    forward.headers.add("Content-Type", "application/octet-stream");
  }
  forward.body = request.body;
  forward.retry_unsafe = false;
  forward.max_body = 512 * core::kMiB;
  forward.total_timeout = 120s;
  core::CurlHttpClient http;
  auto answer = http.send(forward);
  if (!answer.ok()) {
    conn.respond(502, {{"Content-Type", "text/plain"}}, "front: registry unreachable");
    return;
  }
  hostile::HeaderList headers;
  for (const auto& [name, value] : answer->headers.items()) {
    if (is_one_of(name, {"Connection", "Transfer-Encoding", "Keep-Alive"})) continue;
    // HEAD answers carry the resource's length and no body.
    if (is_one_of(name, {"Content-Length"}) && request.method != "HEAD") continue;
    headers.emplace_back(name, value);
  }
  conn.respond(answer->status, headers, answer->body);
}

}  // namespace flypin::e2e
