#pragma once
// A tampering front for the Fly emulator: a ScriptedServer that forwards each
// request to the real emulator unless the test's script steps in — answering
// 500 after the emulator really created the machine, cutting the connection,
// rewriting a body, throttling for a while. The machines stay real; only what
// the client hears is hostile.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "support/hostile/scripted_server.h"

namespace flypin::hostile {

/// What the emulator answered to a forwarded request.
struct Upstream {
  int status = 0;      // 0: the emulator could not be reached
  HeaderList headers;  // Content-Type and Retry-After, when present
  std::string body;
};

class FlyFront {
 public:
  /// Returns true when it answered on `conn` itself; false lets the request
  /// through to the emulator. `forward()` sends it there and returns the answer.
  using Script = std::function<bool(const Request&, Conn&, const std::function<Upstream()>& forward)>;

  explicit FlyFront(std::string upstream_url);

  /// Replaces the script; the default lets everything through.
  void script(Script script);
  std::string url() const { return server_->url(); }
  const ScriptedServer& server() const { return *server_; }

  /// Sends an upstream answer to the client unchanged.
  static void relay(Conn& conn, const Upstream& answer);

 private:
  Upstream forward(const Request& request) const;

  std::string upstream_;
  mutable std::mutex mutex_;
  Script script_;
  std::unique_ptr<ScriptedServer> server_;
};

/// A time window, for storms and outages: open() starts it, active() is true
/// for `length` afterwards.
class Window {
 public:
  explicit Window(std::chrono::milliseconds length) : length_(length) {}
  void open();
  bool active() const;
  bool opened() const;

 private:
  std::chrono::milliseconds length_;
  mutable std::mutex mutex_;
  std::optional<std::chrono::steady_clock::time_point> start_;
};

}  // namespace flypin::hostile
