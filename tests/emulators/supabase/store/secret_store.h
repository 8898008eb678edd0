#pragma once
// Secrets per project, optionally persisted to a JSON file after each write
// so that the demo can read them across emulator restarts. What the list
// answers may lag behind the writes (the secrets-list-lag variant): it then
// shows each project as it was `lag` ago.

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace flypin::emulators::supabase {

struct StoredSecret {
  std::string value;
  std::string updated_at;  // RFC 3339, UTC
};

using ProjectSecrets = std::map<std::string, StoredSecret>;

class SecretStore {
 public:
  /// `state_file` empty: memory only. An existing file is loaded now. `list_lag`: how far behind
  /// the writes the list is.
  SecretStore(std::set<std::string> projects, std::string state_file,
              std::chrono::milliseconds list_lag = std::chrono::milliseconds(0));

  bool has_project(const std::string& ref) const;
  /// The truth: what an Edge Function sees.
  std::optional<ProjectSecrets> secrets(const std::string& ref) const;
  /// What the list endpoint answers: the project as it was `list_lag` ago.
  std::optional<ProjectSecrets> listed(const std::string& ref);
  void upsert(const std::string& ref, const std::vector<std::pair<std::string, std::string>>& secrets);
  void remove(const std::string& ref, const std::vector<std::string>& names);
  /// Forgets all values (projects stay known).
  void clear();
  /// Set when the state file could not be read or written.
  std::string last_error() const;

 private:
  void save_locked();
  void load();

  /// Before each write, the project as it was, and when the write came (for a lagging list).
  void remember_locked(const std::string& ref);

  mutable std::mutex mutex_;
  std::map<std::string, ProjectSecrets> projects_;
  struct Before {
    std::chrono::steady_clock::time_point written;
    ProjectSecrets secrets;
  };
  std::map<std::string, std::deque<Before>> history_;
  std::string state_file_;
  std::chrono::milliseconds list_lag_;
  std::string last_error_;
};

std::string utc_now_rfc3339();

}  // namespace flypin::emulators::supabase
