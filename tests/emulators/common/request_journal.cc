#include "emulators/common/request_journal.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace flypin::emulators {

void RequestJournal::record(SeenRequest request) {
  if (request.body.size() > SeenRequest::kMaxBody) request.body.resize(SeenRequest::kMaxBody);
  std::lock_guard lock(mutex_);
  requests_.push_back(std::move(request));
}

std::string RequestJournal::to_json() const {
  std::lock_guard lock(mutex_);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto str = [&w](const char* key, const std::string& value) {
    w.Key(key);
    w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
  };
  w.StartArray();
  for (const auto& r : requests_) {
    w.StartObject();
    str("method", r.method);
    str("path", r.path);
    w.Key("status");
    w.Int(r.status);
    str("query", r.query);
    w.Key("authorization");
    w.Bool(r.authorization_present);
    str("auth_scheme", r.auth_scheme);
    str("rejection", r.rejection);
    str("fault", r.fault);
    str("body", r.body);
    w.Key("headers");
    w.StartObject();
    for (const auto& [name, value] : r.headers) str(name.c_str(), value);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  return buffer.GetString();
}

void RequestJournal::clear() {
  std::lock_guard lock(mutex_);
  requests_.clear();
}

}  // namespace flypin::emulators
