#pragma once
// The Fly Machines API emulator (tests/emulators/fly) as a test fixture: one
// process on loopback ports, its admin API a call away.

#include <memory>
#include <string>

#include "testbed.h"

namespace flypin::e2e {

struct AdminAnswer {
  int status = 0;
  std::string body;
};

class FlyEmulatorProcess {
 public:
  FlyEmulatorProcess(const std::string& token, const std::string& app, const testbed::LocalRegistry& registry);

  std::string api_url() const { return "http://127.0.0.1:" + std::to_string(api_port_); }
  std::string proxy_url() const { return "http://127.0.0.1:" + std::to_string(proxy_port_); }
  AdminAnswer admin(const std::string& method, const std::string& path, const std::string& body = "");
  /// Machines from /_admin/machines not in state destroyed.
  int machines_alive();
  int requests_seen();
  std::string log() const { return process_->log(); }

 private:
  testbed::TempDir dir_{"flypin-fly-emu"};
  std::unique_ptr<testbed::ScopedProcess> process_;
  int api_port_ = 0;
  int proxy_port_ = 0;
};

}  // namespace flypin::e2e
