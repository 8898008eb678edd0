#include "support/hostile/fly_front.h"

#include "core/curl_http_client.h"

namespace flypin::hostile {

using namespace std::chrono_literals;

FlyFront::FlyFront(std::string upstream_url) : upstream_(std::move(upstream_url)) {
  server_ = std::make_unique<ScriptedServer>([this](const Request& request, Conn& conn) {
    Script script;
    {
      std::lock_guard lock(mutex_);
      script = script_;
    }
    auto forward = [&] { return this->forward(request); };
    if (script && script(request, conn, forward)) return;
    relay(conn, forward());
  });
}

void FlyFront::script(Script script) {
  std::lock_guard lock(mutex_);
  script_ = std::move(script);
}

Upstream FlyFront::forward(const Request& request) const {
  core::HttpRequest r;
  r.method = request.method;
  r.url = upstream_ + request.target;
  for (const char* name : {"Authorization", "Content-Type", "Accept"}) {
    if (request.has_header(name)) r.headers.add(name, request.header(name));
  }
  r.body = request.body;
  r.total_timeout = 90s;  // wait calls block up to 60 s
  core::CurlHttpClient http;
  auto response = http.send(r);
  if (!response.ok()) return {};
  Upstream answer{response->status, {}, response->body};
  for (const char* name : {"Content-Type", "Retry-After"}) {
    if (auto value = response->headers.get(name)) answer.headers.emplace_back(name, *value);
  }
  return answer;
}

void FlyFront::relay(Conn& conn, const Upstream& answer) {
  if (answer.status == 0) {
    conn.respond(502, {{"Content-Type", "application/json"}}, R"({"error":"front: emulator unreachable"})");
    return;
  }
  conn.respond(answer.status, answer.headers, answer.body);
}

void Window::open() {
  std::lock_guard lock(mutex_);
  if (!start_) start_ = std::chrono::steady_clock::now();
}

bool Window::active() const {
  std::lock_guard lock(mutex_);
  return start_ && std::chrono::steady_clock::now() - *start_ < length_;
}

bool Window::opened() const {
  std::lock_guard lock(mutex_);
  return start_.has_value();
}

}  // namespace flypin::hostile
