#pragma once
// Every API request the emulator saw, for GET /_admin/requests. Holds whether
// an Authorization header was present, never its value.

#include <mutex>
#include <string>
#include <vector>

namespace flypin::supabase_emulator {

struct SeenRequest {
  std::string method;
  std::string path;
  int status = 0;
  bool authorization_present = false;
  std::string rejection;  // why a 4xx was answered ("" otherwise)
  std::string fault;      // which injected fault applied ("" otherwise)
};

class RequestJournal {
 public:
  void record(SeenRequest request);
  std::string to_json() const;
  void clear();

 private:
  mutable std::mutex mutex_;
  std::vector<SeenRequest> requests_;
};

}  // namespace flypin::supabase_emulator
