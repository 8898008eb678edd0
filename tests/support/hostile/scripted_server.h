#pragma once
// A loopback HTTP/1.1 server whose every answer is a test's script: the kit
// behind the hostile-world tests. A handler gets each parsed request and a
// Conn on which it may answer properly, write raw bytes, trickle, stream
// forever, or drop the connection. Every request is journaled (headers and
// body included) so a test can assert what a client sent, and to whom.
// Optional TLS (OpenSSL) with a certificate from TestCa.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace flypin::hostile {

struct Request {
  std::string method;
  std::string target;  // as sent: path and query
  std::string path;    // target without the query
  std::string query;   // after '?', "" when none
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int connection = 0;  // ordinal of the TCP connection it came on
  bool tls = false;    // arrived over TLS

  /// First value of a header (case-insensitive), "" when absent.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// One accepted connection, seen by a handler.
class Conn {
 public:
  virtual ~Conn() = default;
  /// Raw bytes; false once the peer has gone.
  virtual bool write(std::string_view bytes) = 0;
  /// A complete answer with Content-Length (unless the headers set one or
  /// Transfer-Encoding themselves).
  bool respond(int status, const HeaderList& headers = {}, std::string_view body = {});
  /// Status line and headers only; the body follows through write().
  bool respond_head(int status, const HeaderList& headers);
  /// Closes the connection after the handler returns (no keep-alive).
  virtual void close() = 0;
  /// Closes with a TCP reset (SO_LINGER 0) after the handler returns.
  virtual void reset() = 0;
  /// Sleeps up to `d`, returning early (false) when the server is stopping.
  virtual bool pause(std::chrono::milliseconds d) = 0;
  /// True while the server has not been asked to stop.
  virtual bool serving() const = 0;
};

using Handler = std::function<void(const Request&, Conn&)>;

/// Routes by "METHOD path-prefix" (longest prefix wins; "* /x" matches any
/// method); unmatched requests get 404 {"error":"not found"}.
class Routes {
 public:
  Routes& on(std::string method, std::string path_prefix, Handler handler);
  void operator()(const Request& request, Conn& conn) const;

 private:
  struct Route {
    std::string method;
    std::string prefix;
    Handler handler;
  };
  std::vector<Route> routes_;
};

struct TlsFiles {
  std::string cert_pem_path;  // server certificate (chain) in PEM
  std::string key_pem_path;
};

/// Whether a TLS server also answers plain HTTP on its port (told apart by the
/// first byte): a host that serves https and http on one address, as an
/// attacker may, to see whether a client downgrades.
enum class PlainHttp { kRefused, kServedToo };

class ScriptedServer {
 public:
  explicit ScriptedServer(Handler handler);
  ScriptedServer(Handler handler, const TlsFiles& tls, PlainHttp plain = PlainHttp::kRefused);
  ~ScriptedServer();
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  int port() const { return port_; }
  /// "http://127.0.0.1:PORT" (https:// with TLS).
  std::string url() const;
  /// "127.0.0.1:PORT"
  std::string host() const;

  /// Every request parsed so far, in arrival order.
  std::vector<Request> requests() const;
  size_t request_count() const;
  /// Requests whose method matches (or "*") and whose path starts with `prefix`.
  size_t count(std::string_view method, std::string_view prefix) const;
  /// True if any request carried a header whose value contains `needle`, or a
  /// body or target containing it: for "did this credential reach here" checks.
  bool saw(std::string_view needle) const;
  /// Connections accepted so far.
  int connections() const { return connections_.load(); }
  /// Waits until `count` requests have arrived or the timeout passes.
  bool await_requests(size_t count, std::chrono::milliseconds timeout) const;
  /// Waits until at most `count` connections are open (the client closed the
  /// rest) or the timeout passes.
  bool await_open_connections(size_t count, std::chrono::milliseconds timeout) const;

  /// Stops accepting, wakes paused handlers and joins every thread.
  void stop();

 private:
  struct Tls;
  void start();
  void accept_loop();
  void serve(int fd, int ordinal);

  Handler handler_;
  std::unique_ptr<Tls> tls_;
  PlainHttp plain_ = PlainHttp::kRefused;
  int listen_fd_ = -1;
  int port_ = 0;
  int wake_pipe_[2] = {-1, -1};
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  mutable std::condition_variable_any arrived_;
  std::vector<Request> journal_;
  std::set<int> open_fds_;
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

/// JSON nested `depth` levels deep: "[[[...]]]".
std::string nested_json(size_t depth);

}  // namespace flypin::hostile
