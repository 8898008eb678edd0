#include "emulators/github/store/state_file.h"

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "emulators/github/model/json_write.h"

namespace flypin::emulators::github {

namespace {

using StateWriter = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

void put_status(StateWriter& w, const DeploymentStatus& s) {
  w.StartObject();
  w.Key("id");
  w.Int64(s.id);
  put(w, "state", s.state);
  put(w, "description", s.description);
  put(w, "environment", s.environment);
  put(w, "environment_url", s.environment_url);
  put(w, "log_url", s.log_url);
  put(w, "created_at", s.created_at);
  put(w, "updated_at", s.updated_at);
  w.EndObject();
}

void put_deployment(StateWriter& w, const Deployment& d) {
  w.StartObject();
  w.Key("id");
  w.Int64(d.id);
  put(w, "sha", d.sha);
  put(w, "ref", d.ref);
  put(w, "task", d.task);
  put(w, "payload_json", d.payload);
  put(w, "original_environment", d.original_environment);
  put(w, "environment", d.environment);
  w.Key("description");
  if (d.description) {
    w.String(d.description->c_str());
  } else {
    w.Null();
  }
  w.Key("transient_environment");
  w.Bool(d.transient_environment);
  w.Key("production_environment");
  w.Bool(d.production_environment);
  put(w, "created_at", d.created_at);
  put(w, "updated_at", d.updated_at);
  w.Key("statuses");
  w.StartArray();
  for (const auto& s : d.statuses) put_status(w, s);
  w.EndArray();
  w.EndObject();
}

std::string text(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject() || !obj.HasMember(key) || !obj[key].IsString()) return "";
  return obj[key].GetString();
}

long long number(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject() || !obj.HasMember(key) || !obj[key].IsInt64()) return 0;
  return obj[key].GetInt64();
}

bool flag(const rapidjson::Value& obj, const char* key) {
  return obj.IsObject() && obj.HasMember(key) && obj[key].IsBool() && obj[key].GetBool();
}

DeploymentStatus read_status(const rapidjson::Value& v) {
  DeploymentStatus s;
  s.id = number(v, "id");
  s.state = text(v, "state");
  s.description = text(v, "description");
  s.environment = text(v, "environment");
  s.environment_url = text(v, "environment_url");
  s.log_url = text(v, "log_url");
  s.created_at = text(v, "created_at");
  s.updated_at = text(v, "updated_at");
  return s;
}

Deployment read_deployment(const rapidjson::Value& v) {
  Deployment d;
  d.id = number(v, "id");
  d.sha = text(v, "sha");
  d.ref = text(v, "ref");
  d.task = text(v, "task");
  d.payload = text(v, "payload_json");
  if (d.payload.empty()) d.payload = "{}";
  d.original_environment = text(v, "original_environment");
  d.environment = text(v, "environment");
  if (v.HasMember("description") && v["description"].IsString()) {
    d.description = v["description"].GetString();
  } else {
    d.description.reset();
  }
  d.transient_environment = flag(v, "transient_environment");
  d.production_environment = flag(v, "production_environment");
  d.created_at = text(v, "created_at");
  d.updated_at = text(v, "updated_at");
  if (v.HasMember("statuses") && v["statuses"].IsArray()) {
    for (const auto& s : v["statuses"].GetArray()) d.statuses.push_back(read_status(s));
  }
  return d;
}

void read_string_map(const rapidjson::Value& v, std::map<std::string, std::string>& out) {
  if (!v.IsObject()) return;
  for (const auto& m : v.GetObject()) {
    if (m.value.IsString()) out[m.name.GetString()] = m.value.GetString();
  }
}

}  // namespace

std::string state_to_json(const StoreData& data) {
  rapidjson::StringBuffer buffer;
  StateWriter w(buffer);
  w.StartObject();
  w.Key("next_deployment_id");
  w.Int64(data.next_deployment_id);
  w.Key("next_status_id");
  w.Int64(data.next_status_id);
  w.Key("repositories");
  w.StartObject();
  for (const auto& repo : data.repositories) {
    w.Key(repo.full_name().c_str());
    w.StartObject();
    w.Key("id");
    w.Int64(repo.id);
    w.Key("refs");
    w.StartObject();
    for (const auto& [name, sha] : repo.refs) put(w, name.c_str(), sha);
    w.EndObject();
    w.Key("commit_statuses");
    w.StartObject();
    for (const auto& [sha, contexts] : repo.commit_statuses) {
      w.Key(sha.c_str());
      w.StartObject();
      for (const auto& [context, state] : contexts) put(w, context.c_str(), state);
      w.EndObject();
    }
    w.EndObject();
    w.Key("deployments");
    w.StartArray();
    for (const auto& d : repo.deployments) put_deployment(w, d);
    w.EndArray();
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  return std::string(buffer.GetString()) + "\n";
}

std::string state_from_json(const std::string& json, StoreData& data) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  if (doc.HasParseError() || !doc.IsObject() || !doc.HasMember("repositories") || !doc["repositories"].IsObject()) {
    return "not valid emulator state";
  }
  data.next_deployment_id = std::max(data.next_deployment_id, number(doc, "next_deployment_id"));
  data.next_status_id = std::max(data.next_status_id, number(doc, "next_status_id"));
  for (auto& repo : data.repositories) {
    const auto found = doc["repositories"].FindMember(repo.full_name().c_str());
    if (found == doc["repositories"].MemberEnd() || !found->value.IsObject()) continue;
    const auto& saved = found->value;
    if (saved.HasMember("refs")) read_string_map(saved["refs"], repo.refs);
    if (saved.HasMember("commit_statuses") && saved["commit_statuses"].IsObject()) {
      for (const auto& sha : saved["commit_statuses"].GetObject()) {
        read_string_map(sha.value, repo.commit_statuses[sha.name.GetString()]);
      }
    }
    if (saved.HasMember("deployments") && saved["deployments"].IsArray()) {
      repo.deployments.clear();
      for (const auto& d : saved["deployments"].GetArray()) repo.deployments.push_back(read_deployment(d));
    }
  }
  return "";
}

std::string write_atomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << content;
    if (!out) return "cannot write " + tmp;
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return "cannot replace " + path;
  return "";
}

}  // namespace flypin::emulators::github
