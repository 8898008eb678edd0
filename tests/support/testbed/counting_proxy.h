#pragma once
// A transparent TCP proxy on 127.0.0.1 that forwards bytes both ways and counts
// HTTP/1.1 requests in the client->server stream (keep-alive, Content-Length and
// chunked bodies). A request is counted before it is forwarded, so a client that
// has its answer can trust the count.

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace flypin::testbed {

class CountingProxy {
 public:
  explicit CountingProxy(int upstream_port);
  ~CountingProxy();
  CountingProxy(const CountingProxy&) = delete;
  CountingProxy& operator=(const CountingProxy&) = delete;

  int port() const { return port_; }
  size_t count() const;
  std::vector<std::string> requests() const;

 private:
  void accept_loop();
  void serve(int client_fd);
  void record(std::string request_line);

  int upstream_port_;
  int port_ = 0;
  int listen_fd_ = -1;
  int stop_pipe_[2] = {-1, -1};
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

}  // namespace flypin::testbed
