#include "support/hostile/scripted_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstring>
#include <stdexcept>

namespace flypin::hostile {
namespace {

constexpr size_t kMaxHead = 64 * 1024;
constexpr size_t kMaxBody = 16 * 1024 * 1024;

bool iequal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

const char* reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 412:
      return "Precondition Failed";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

// Blocking socket I/O, plain or through OpenSSL.
class Stream {
 public:
  Stream(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}
  ssize_t read(char* buf, size_t n) {
    if (ssl_ != nullptr) {
      int r = SSL_read(ssl_, buf, static_cast<int>(n));
      return r > 0 ? r : -1;
    }
    return ::recv(fd_, buf, n, 0);
  }
  bool write(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ssl_ != nullptr ? SSL_write(ssl_, data.data(), static_cast<int>(data.size()))
                                  : ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

 private:
  int fd_;
  SSL* ssl_;
};

class ConnImpl : public Conn {
 public:
  ConnImpl(Stream& stream, const std::atomic<bool>& stopping, std::mutex& mutex, std::condition_variable_any& cv)
      : stream_(stream), stopping_(stopping), mutex_(mutex), cv_(cv) {}
  bool write(std::string_view bytes) override { return !gone_ && (gone_ = !stream_.write(bytes), !gone_); }
  void close() override { close_ = true; }
  void reset() override { reset_ = true; }
  bool pause(std::chrono::milliseconds d) override {
    std::unique_lock lock(mutex_);
    return !cv_.wait_for(lock, d, [&] { return stopping_.load(); });
  }
  bool serving() const override { return !stopping_.load(); }
  bool closing() const { return close_ || reset_ || gone_; }
  bool resetting() const { return reset_; }

 private:
  Stream& stream_;
  const std::atomic<bool>& stopping_;
  std::mutex& mutex_;
  std::condition_variable_any& cv_;
  bool gone_ = false;
  bool close_ = false;
  bool reset_ = false;
};

// Reads one request; false on EOF, error or a malformed head.
bool read_request(Stream& stream, std::string& buffer, Request& out) {
  char chunk[16384];
  size_t head_end;
  while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
    if (buffer.size() > kMaxHead) return false;
    ssize_t n = stream.read(chunk, sizeof(chunk));
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  std::string_view head(buffer.data(), head_end);
  auto line_end = head.find("\r\n");
  std::string_view request_line = head.substr(0, line_end);
  auto sp1 = request_line.find(' ');
  auto sp2 = request_line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return false;
  out.method = std::string(request_line.substr(0, sp1));
  out.target = std::string(request_line.substr(sp1 + 1, sp2 - sp1 - 1));
  auto q = out.target.find('?');
  out.path = out.target.substr(0, q);
  out.query = q == std::string::npos ? "" : out.target.substr(q + 1);
  size_t pos = line_end == std::string_view::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    auto end = head.find("\r\n", pos);
    if (end == std::string_view::npos) end = head.size();
    auto line = head.substr(pos, end - pos);
    if (auto colon = line.find(':'); colon != std::string_view::npos) {
      out.headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
    }
    pos = end + 2;
  }
  buffer.erase(0, head_end + 4);

  auto fill = [&](size_t want) {
    while (buffer.size() < want) {
      ssize_t n = stream.read(chunk, sizeof(chunk));
      if (n <= 0) return false;
      buffer.append(chunk, static_cast<size_t>(n));
    }
    return true;
  };
  if (iequal(out.header("Transfer-Encoding"), "chunked")) {
    while (true) {
      size_t crlf;
      while ((crlf = buffer.find("\r\n")) == std::string::npos) {
        if (!fill(buffer.size() + 1)) return false;
      }
      size_t size = std::strtoul(buffer.substr(0, crlf).c_str(), nullptr, 16);
      if (size > kMaxBody || !fill(crlf + 2 + size + 2)) return false;
      out.body.append(buffer, crlf + 2, size);
      buffer.erase(0, crlf + 2 + size + 2);
      if (size == 0) break;
    }
  } else if (auto length = out.header("Content-Length"); !length.empty()) {
    size_t size = std::strtoul(length.c_str(), nullptr, 10);
    if (size > kMaxBody || !fill(size)) return false;
    out.body = buffer.substr(0, size);
    buffer.erase(0, size);
  }
  return true;
}

}  // namespace

std::string Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequal(k, name)) return v;
  }
  return "";
}

bool Request::has_header(std::string_view name) const {
  return std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return iequal(h.first, name); });
}

bool Conn::respond_head(int status, const HeaderList& headers) {
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reason(status) + "\r\n";
  for (const auto& [k, v] : headers) head += k + ": " + v + "\r\n";
  head += "\r\n";
  return write(head);
}

bool Conn::respond(int status, const HeaderList& headers, std::string_view body) {
  HeaderList all = headers;
  const bool framed = std::any_of(all.begin(), all.end(), [](const auto& h) {
    return iequal(h.first, "Content-Length") || iequal(h.first, "Transfer-Encoding");
  });
  if (!framed) all.emplace_back("Content-Length", std::to_string(body.size()));
  return respond_head(status, all) && write(body);
}

Routes& Routes::on(std::string method, std::string path_prefix, Handler handler) {
  routes_.push_back({std::move(method), std::move(path_prefix), std::move(handler)});
  return *this;
}

void Routes::operator()(const Request& request, Conn& conn) const {
  const Route* best = nullptr;
  for (const auto& r : routes_) {
    if ((r.method == "*" || r.method == request.method) && request.path.starts_with(r.prefix) &&
        (best == nullptr || r.prefix.size() > best->prefix.size())) {
      best = &r;
    }
  }
  if (best != nullptr) {
    best->handler(request, conn);
  } else {
    conn.respond(404, {{"Content-Type", "application/json"}}, R"({"error":"not found"})");
  }
}

struct ScriptedServer::Tls {
  SSL_CTX* ctx = nullptr;
  ~Tls() {
    if (ctx != nullptr) SSL_CTX_free(ctx);
  }
};

ScriptedServer::ScriptedServer(Handler handler) : handler_(std::move(handler)) { start(); }

ScriptedServer::ScriptedServer(Handler handler, const TlsFiles& files, PlainHttp plain)
    : handler_(std::move(handler)), tls_(std::make_unique<Tls>()), plain_(plain) {
  tls_->ctx = SSL_CTX_new(TLS_server_method());
  if (tls_->ctx == nullptr || SSL_CTX_use_certificate_chain_file(tls_->ctx, files.cert_pem_path.c_str()) != 1 ||
      SSL_CTX_use_PrivateKey_file(tls_->ctx, files.key_pem_path.c_str(), SSL_FILETYPE_PEM) != 1) {
    throw std::runtime_error("scripted server: cannot load TLS certificate " + files.cert_pem_path);
  }
  start();
}

void ScriptedServer::start() {
  if (pipe2(wake_pipe_, O_CLOEXEC) != 0) throw std::runtime_error("scripted server: pipe failed");
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (listen_fd_ < 0 || ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listen_fd_, 128) != 0 || ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("scripted server: cannot listen on 127.0.0.1");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

ScriptedServer::~ScriptedServer() { stop(); }

void ScriptedServer::stop() {
  if (stopping_.exchange(true)) return;
  {
    std::lock_guard lock(mutex_);
    for (int fd : open_fds_) ::shutdown(fd, SHUT_RDWR);
    arrived_.notify_all();
  }
  char byte = 'x';
  [[maybe_unused]] auto n = ::write(wake_pipe_[1], &byte, 1);
  acceptor_.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(mutex_);
    workers.swap(workers_);
  }
  for (auto& w : workers) w.join();
  ::close(listen_fd_);
  ::close(wake_pipe_[0]);
  ::close(wake_pipe_[1]);
}

std::string ScriptedServer::url() const { return (tls_ ? "https://" : "http://") + host(); }
std::string ScriptedServer::host() const { return "127.0.0.1:" + std::to_string(port_); }

std::vector<Request> ScriptedServer::requests() const {
  std::lock_guard lock(mutex_);
  return journal_;
}

size_t ScriptedServer::request_count() const {
  std::lock_guard lock(mutex_);
  return journal_.size();
}

size_t ScriptedServer::count(std::string_view method, std::string_view prefix) const {
  std::lock_guard lock(mutex_);
  return static_cast<size_t>(std::count_if(journal_.begin(), journal_.end(), [&](const Request& r) {
    return (method == "*" || r.method == method) && r.path.starts_with(prefix);
  }));
}

bool ScriptedServer::saw(std::string_view needle) const {
  std::lock_guard lock(mutex_);
  for (const auto& r : journal_) {
    if (r.target.find(needle) != std::string::npos || r.body.find(needle) != std::string::npos) return true;
    for (const auto& [k, v] : r.headers) {
      if (v.find(needle) != std::string::npos) return true;
    }
  }
  return false;
}

bool ScriptedServer::await_requests(size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] { return journal_.size() >= count; });
}

bool ScriptedServer::await_open_connections(size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] { return open_fds_.size() <= count; });
}

void ScriptedServer::accept_loop() {
  int ordinal = 0;
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents != 0) return;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    ++connections_;
    std::lock_guard lock(mutex_);
    workers_.emplace_back([this, fd, n = ++ordinal] { serve(fd, n); });
  }
}

void ScriptedServer::serve(int fd, int ordinal) {
  // A write to a peer that left raises SIGPIPE in this thread: keep it blocked
  // here (never process-wide, which exec'd programs under test would inherit).
  sigset_t pipe_only;
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_only, nullptr);

  {
    // stop() shuts every open socket down so that blocked reads return.
    std::lock_guard lock(mutex_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    open_fds_.insert(fd);
  }

  SSL* ssl = nullptr;
  bool ok = true;
  constexpr unsigned char kTlsHandshake = 0x16;
  unsigned char first = 0;
  const bool plain_here =
      plain_ == PlainHttp::kServedToo && ::recv(fd, &first, 1, MSG_PEEK) == 1 && first != kTlsHandshake;
  if (tls_ && !plain_here) {
    ssl = SSL_new(tls_->ctx);
    SSL_set_fd(ssl, fd);
    ok = SSL_accept(ssl) == 1;
  }
  Stream stream(fd, ssl);
  std::string buffer;
  bool reset = false;
  while (ok && !stopping_) {
    Request request;
    request.connection = ordinal;
    request.tls = ssl != nullptr;
    if (!read_request(stream, buffer, request)) break;
    {
      std::lock_guard lock(mutex_);
      journal_.push_back(request);
      arrived_.notify_all();
    }
    ConnImpl conn(stream, stopping_, mutex_, arrived_);
    handler_(request, conn);
    if (conn.closing() || iequal(request.header("Connection"), "close")) {
      reset = conn.resetting();
      break;
    }
  }
  if (reset) {
    linger hard{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
  } else if (ssl != nullptr) {
    SSL_shutdown(ssl);
  }
  if (ssl != nullptr) SSL_free(ssl);
  ::shutdown(fd, SHUT_RDWR);
  {
    std::lock_guard lock(mutex_);
    open_fds_.erase(fd);
    arrived_.notify_all();
  }
  ::close(fd);
}

std::string nested_json(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace flypin::hostile
