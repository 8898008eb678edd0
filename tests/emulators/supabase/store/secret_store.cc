#include "emulators/supabase/store/secret_store.h"

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>

namespace flypin::emulators::supabase {

std::string utc_now_rfc3339() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(ms));
  return buf;
}

SecretStore::SecretStore(std::set<std::string> projects, std::string state_file, std::chrono::milliseconds list_lag)
    : state_file_(std::move(state_file)), list_lag_(list_lag) {
  for (const auto& ref : projects) projects_[ref];
  load();
}

bool SecretStore::has_project(const std::string& ref) const {
  std::lock_guard lock(mutex_);
  return projects_.contains(ref);
}

std::optional<ProjectSecrets> SecretStore::secrets(const std::string& ref) const {
  std::lock_guard lock(mutex_);
  auto it = projects_.find(ref);
  if (it == projects_.end()) return std::nullopt;
  return it->second;
}

std::optional<ProjectSecrets> SecretStore::listed(const std::string& ref) {
  std::lock_guard lock(mutex_);
  auto it = projects_.find(ref);
  if (it == projects_.end()) return std::nullopt;
  auto& before = history_[ref];
  const auto as_of = std::chrono::steady_clock::now() - list_lag_;
  // Writes older than the lag are visible to every later list: forget what came before them.
  while (!before.empty() && before.front().written <= as_of) before.pop_front();
  return before.empty() ? it->second : before.front().secrets;
}

void SecretStore::remember_locked(const std::string& ref) {
  if (list_lag_.count() == 0) return;
  history_[ref].push_back({std::chrono::steady_clock::now(), projects_[ref]});
}

void SecretStore::upsert(const std::string& ref, const std::vector<std::pair<std::string, std::string>>& secrets) {
  std::lock_guard lock(mutex_);
  remember_locked(ref);
  auto& project = projects_[ref];
  const std::string now = utc_now_rfc3339();
  for (const auto& [name, value] : secrets) project[name] = StoredSecret{value, now};
  save_locked();
}

void SecretStore::remove(const std::string& ref, const std::vector<std::string>& names) {
  std::lock_guard lock(mutex_);
  remember_locked(ref);
  auto& project = projects_[ref];
  for (const auto& name : names) project.erase(name);
  save_locked();
}

void SecretStore::clear() {
  std::lock_guard lock(mutex_);
  for (auto& [ref, secrets] : projects_) secrets.clear();
  history_.clear();
  save_locked();
}

std::string SecretStore::last_error() const {
  std::lock_guard lock(mutex_);
  return last_error_;
}

// {"projects": {"<ref>": {"<NAME>": {"value": "...", "updated_at": "..."}}}}
void SecretStore::save_locked() {
  if (state_file_.empty()) return;
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("projects");
  w.StartObject();
  for (const auto& [ref, secrets] : projects_) {
    w.Key(ref.c_str());
    w.StartObject();
    for (const auto& [name, secret] : secrets) {
      w.Key(name.c_str());
      w.StartObject();
      w.Key("value");
      w.String(secret.value.data(), static_cast<rapidjson::SizeType>(secret.value.size()));
      w.Key("updated_at");
      w.String(secret.updated_at.c_str());
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  const std::string tmp = state_file_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << buffer.GetString() << "\n";
    if (!out) {
      last_error_ = "cannot write " + tmp;
      return;
    }
  }
  if (std::rename(tmp.c_str(), state_file_.c_str()) != 0) last_error_ = "cannot replace " + state_file_;
}

void SecretStore::load() {
  if (state_file_.empty()) return;
  std::ifstream in(state_file_);
  if (!in) return;  // first run
  std::stringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  doc.Parse(text.str().c_str());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("projects") || !doc["projects"].IsObject()) {
    last_error_ = "state file " + state_file_ + " is not valid emulator state; starting empty";
    return;
  }
  for (const auto& project : doc["projects"].GetObject()) {
    if (!project.value.IsObject()) continue;
    auto& secrets = projects_[project.name.GetString()];
    for (const auto& secret : project.value.GetObject()) {
      if (!secret.value.IsObject() || !secret.value.HasMember("value") || !secret.value["value"].IsString()) continue;
      StoredSecret stored{secret.value["value"].GetString(), ""};
      if (secret.value.HasMember("updated_at") && secret.value["updated_at"].IsString()) {
        stored.updated_at = secret.value["updated_at"].GetString();
      }
      secrets[secret.name.GetString()] = std::move(stored);
    }
  }
}

}  // namespace flypin::emulators::supabase
