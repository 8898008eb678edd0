#pragma once
// Every API request an emulator saw, for GET /_admin/requests. Keeps whether
// an Authorization header came and its scheme, never its value.

#include <cstddef>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace flypin::emulators {

struct SeenRequest {
  std::string method;
  std::string path;
  std::string query;  // raw, without '?'
  int status = 0;     // 0: no answer was sent (dropped connection)
  bool authorization_present = false;
  std::string auth_scheme;                                   // "bearer", "token", "basic", ... lowercase
  std::string rejection;                                     // why a 4xx was answered ("" otherwise)
  std::string fault;                                         // which injected fault applied ("" otherwise)
  std::string body;                                          // request body, cut at kMaxBody
  std::vector<std::pair<std::string, std::string>> headers;  // the ones an emulator chose to keep

  static constexpr std::size_t kMaxBody = 64 * 1024;
};

class RequestJournal {
 public:
  void record(SeenRequest request);
  /// [{"method","path","status","query","authorization","auth_scheme",
  ///   "rejection","fault","body","headers":{..}}, ...] oldest first.
  std::string to_json() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<SeenRequest> requests_;
};

}  // namespace flypin::emulators
