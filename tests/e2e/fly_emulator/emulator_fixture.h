#pragma once
// One flypin-fly-emulator process (and one registry holding the test images)
// shared by the suite, plus small HTTP helpers against its API and proxy.

#include <httplib.h>
#include <rapidjson/document.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "testbed.h"

namespace flypin::flyemu_test {

constexpr const char* kToken = "emulator-test-token";
constexpr const char* kApp = "smoke-app";

struct Reply {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
  rapidjson::Document json() const;
};

class Emulator {
 public:
  /// Starts the emulator with its own work dir; registry credentials from `registry`.
  explicit Emulator(const testbed::LocalRegistry& registry);
  ~Emulator();

  Reply call(const std::string& method, const std::string& path, const std::string& body = "",
             const std::string& token = kToken);
  Reply admin(const std::string& method, const std::string& path, const std::string& body = "");
  Reply proxy(const std::string& path, const std::string& instance_id);

  /// Creates a machine from `config_json` (the "config" object); returns its id.
  std::string create(const std::string& config_json, const std::string& extra = "");
  /// Polls GET until `pred(machine)` holds or the timeout passes; returns the last machine JSON.
  bool poll(const std::string& id, const std::function<bool(const rapidjson::Document&)>& pred,
            std::chrono::milliseconds timeout, std::string* last = nullptr);

  std::string api_url() const { return "http://127.0.0.1:" + std::to_string(api_port_); }
  testbed::ScopedProcess& process() { return *process_; }
  const std::string& work_dir() const { return dir_.path(); }
  std::string log() const { return process_->log(); }

 private:
  testbed::TempDir dir_{"flypin-flyemu"};
  std::unique_ptr<testbed::ScopedProcess> process_;
  int api_port_ = 0;
  int proxy_port_ = 0;
};

/// The shared registry with the test images pushed by tests/images/build-images.sh.
struct Images {
  std::unique_ptr<testbed::LocalRegistry> registry;
  std::map<std::string, std::string> digests;  // name -> digest
  std::string ref(const std::string& name) const;
};
std::unique_ptr<Images> push_test_images();

}  // namespace flypin::flyemu_test
