#pragma once
// What the admin API injects and records about API traffic: one-shot faults
// (status, delay, dropped connection) and the log of requests seen.

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace flypin::flyemu {

struct Fault {
  std::string path_prefix;
  std::string method;  // "" matches any
  int status = 503;
  int count = 1;
  int delay_ms = 0;
  bool drop_connection = false;
  std::string body;
};

struct SeenRequest {
  std::string method, path;
  int status = 0;
};

class Traffic {
 public:
  void add_fault(const Fault& f);
  /// Takes one use of the first fault matching the request, if any.
  std::optional<Fault> take_fault(const std::string& method, const std::string& path);
  void record(const std::string& method, const std::string& path, int status);
  std::vector<SeenRequest> seen();
  void clear();

 private:
  std::mutex mu_;
  std::vector<Fault> faults_;
  std::vector<SeenRequest> seen_;
};

}  // namespace flypin::flyemu
