#include "support/testbed/counting_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

#include "support/testbed/http_request_counter.h"

namespace flypin::testbed {

namespace {

sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return addr;
}

bool write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = send(fd, data, size, MSG_NOSIGNAL);
    if (n <= 0) return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

CountingProxy::CountingProxy(int upstream_port) : upstream_port_(upstream_port) {
  if (pipe2(stop_pipe_, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  auto addr = loopback(0);
  socklen_t len = sizeof(addr);
  if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      listen(listen_fd_, 64) != 0 || getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("counting proxy: cannot listen on 127.0.0.1");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

CountingProxy::~CountingProxy() {
  char byte = 'x';
  [[maybe_unused]] auto n = write(stop_pipe_[1], &byte, 1);
  acceptor_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mutex_);
    threads.swap(threads_);
  }
  for (auto& t : threads) t.join();
  close(listen_fd_);
  close(stop_pipe_[0]);
  close(stop_pipe_[1]);
}

size_t CountingProxy::count() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

std::vector<std::string> CountingProxy::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void CountingProxy::record(std::string request_line) {
  std::lock_guard lock(mutex_);
  requests_.push_back(std::move(request_line));
}

void CountingProxy::accept_loop() {
  while (true) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) continue;
    if (fds[1].revents != 0) return;
    int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    std::lock_guard lock(mutex_);
    threads_.emplace_back([this, client] { serve(client); });
  }
}

void CountingProxy::serve(int client_fd) {
  int upstream = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  auto addr = loopback(upstream_port_);
  if (upstream < 0 || connect(upstream, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    if (upstream >= 0) close(upstream);
    close(client_fd);
    return;
  }
  HttpRequestCounter counter([this](std::string line) { record(std::move(line)); });
  char buf[65536];
  bool client_open = true;
  while (true) {
    pollfd fds[3] = {{client_open ? client_fd : -1, POLLIN, 0}, {upstream, POLLIN, 0}, {stop_pipe_[0], POLLIN, 0}};
    if (poll(fds, 3, -1) < 0) continue;
    if (fds[2].revents != 0) break;
    if (client_open && fds[0].revents != 0) {
      ssize_t n = recv(client_fd, buf, sizeof(buf), 0);
      if (n <= 0) {
        client_open = false;
        shutdown(upstream, SHUT_WR);
      } else {
        counter.feed(std::string_view(buf, static_cast<size_t>(n)));
        if (!write_all(upstream, buf, static_cast<size_t>(n))) break;
      }
    }
    if (fds[1].revents != 0) {
      ssize_t n = recv(upstream, buf, sizeof(buf), 0);
      if (n <= 0 || !write_all(client_fd, buf, static_cast<size_t>(n))) break;
    }
  }
  close(upstream);
  close(client_fd);
}

}  // namespace flypin::testbed
