#pragma once
// Secrets per project, optionally persisted to a JSON file after each write
// so that the demo can read them across emulator restarts.

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
  /// `state_file` empty: memory only. An existing file is loaded now.
  SecretStore(std::set<std::string> projects, std::string state_file);

  bool has_project(const std::string& ref) const;
  std::optional<ProjectSecrets> secrets(const std::string& ref) const;
  void upsert(const std::string& ref, const std::vector<std::pair<std::string, std::string>>& secrets);
  void remove(const std::string& ref, const std::vector<std::string>& names);
  /// Forgets all values (projects stay known).
  void clear();
  /// Set when the state file could not be read or written.
  std::string last_error() const;

 private:
  void save_locked();
  void load();

  mutable std::mutex mutex_;
  std::map<std::string, ProjectSecrets> projects_;
  std::string state_file_;
  std::string last_error_;
};

std::string utc_now_rfc3339();

}  // namespace flypin::emulators::supabase
