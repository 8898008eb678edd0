#include "emulators/fly/runtime/netns_http.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace flypin::emulators::fly {
namespace {

using Clock = std::chrono::steady_clock;

core::Result<int> connect_here(int port, std::chrono::milliseconds timeout) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return core::Error::internal(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  if (rc != 0 && errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (rc == 0) {
      ::close(fd);
      return core::Error::internal("connect: i/o timeout");
    }
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    errno = err;
    rc = err == 0 ? 0 : -1;
  }
  if (rc != 0) {
    std::string why = errno == ECONNREFUSED ? "connection refused" : std::strerror(errno);
    ::close(fd);
    return core::Error::internal("dial tcp 127.0.0.1:" + std::to_string(port) + ": connect: " + why);
  }
  return fd;
}

bool send_all(int fd, const std::string& data, Clock::time_point deadline) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return false;
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, static_cast<int>(left));
      continue;
    }
    return false;
  }
  return true;
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string dechunk(const std::string& body) {
  std::string out;
  size_t pos = 0;
  while (pos < body.size()) {
    size_t eol = body.find("\r\n", pos);
    if (eol == std::string::npos) break;
    size_t size = std::strtoul(body.substr(pos, eol - pos).c_str(), nullptr, 16);
    if (size == 0) break;
    out += body.substr(eol + 2, size);
    pos = eol + 2 + size + 2;
  }
  return out;
}

}  // namespace

core::Result<int> dial_in_netns(pid_t pid, int port, std::chrono::milliseconds timeout) {
  if (pid == 0) return connect_here(port, timeout);
  core::Result<int> result = core::Error::internal("not dialled");
  std::thread dialer([&] {
    int ns = ::open(("/proc/" + std::to_string(pid) + "/ns/net").c_str(), O_RDONLY | O_CLOEXEC);
    if (ns < 0) {
      result = core::Error::internal("dial tcp 127.0.0.1:" + std::to_string(port) + ": machine is not running");
      return;
    }
    if (::setns(ns, CLONE_NEWNET) != 0) {
      result = core::Error::internal(std::string("setns: ") + std::strerror(errno));
      ::close(ns);
      return;
    }
    ::close(ns);
    result = connect_here(port, timeout);
  });
  dialer.join();
  return result;
}

core::Result<RawResponse> http_in_netns(pid_t pid, int port, const RawRequest& request,
                                        std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  auto fd = dial_in_netns(pid, port, timeout);
  if (!fd.ok()) return fd.error();
  std::string wire = request.method + " " + request.path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                     "\r\nConnection: close\r\n";
  for (const auto& [k, v] : request.headers) {
    std::string lk = lower(k);
    if (lk == "host" || lk == "connection" || lk == "content-length" || lk == "transfer-encoding") continue;
    wire += k + ": " + v + "\r\n";
  }
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT")
    wire += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  wire += "\r\n" + request.body;
  if (!send_all(*fd, wire, deadline)) {
    ::close(*fd);
    return core::Error::internal("write: connection reset by peer");
  }
  std::string data;
  char buf[16384];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      ::close(*fd);
      return core::Error::internal("context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
    }
    pollfd p{*fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    ssize_t n = ::recv(*fd, buf, sizeof buf, 0);
    if (n > 0) {
      data.append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    break;
  }
  ::close(*fd);
  auto head_end = data.find("\r\n\r\n");
  if (head_end == std::string::npos || data.rfind("HTTP/", 0) != 0) return core::Error::internal("EOF");
  RawResponse response;
  std::string head = data.substr(0, head_end);
  response.body = data.substr(head_end + 4);
  size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  auto sp = status_line.find(' ');
  response.status = sp == std::string::npos ? 0 : std::atoi(status_line.c_str() + sp + 1);
  bool chunked = false;
  size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    size_t end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(pos, end - pos);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
      std::string key = line.substr(0, colon);
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      if (lower(key) == "transfer-encoding" && lower(value).find("chunked") != std::string::npos) chunked = true;
      response.headers.emplace_back(key, value);
    }
    pos = end + 2;
  }
  if (chunked) response.body = dechunk(response.body);
  return response;
}

}  // namespace flypin::emulators::fly
