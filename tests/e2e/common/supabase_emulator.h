#pragma once
// The Supabase secrets emulator as a child process, and its admin API.

#include <memory>
#include <string>

#include "testbed.h"

namespace flypin::e2e {

class SupabaseEmulator {
 public:
  SupabaseEmulator(const std::string& token, const std::string& project_ref);

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  /// Requests the emulator saw on the Management API (admin calls excluded).
  int api_requests();
  /// How many of them had this method.
  int api_requests(const std::string& method);
  /// Plain value of a secret ("" when unset): the Edge Function's view.
  std::string secret_value(const std::string& project_ref, const std::string& name);
  /// POST /_admin/faults with the given JSON body.
  void inject(const std::string& fault_json);
  void reset();
  std::string log() const { return process_->log(); }

 private:
  std::string admin(const std::string& method, const std::string& path, const std::string& body = "");

  testbed::TempDir dir_{"flypin-supabase"};
  int port_;
  std::unique_ptr<testbed::ScopedProcess> process_;
};

}  // namespace flypin::e2e
