#include "request_journal.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace flypin::supabase_emulator {

void RequestJournal::record(SeenRequest request) {
  std::lock_guard lock(mutex_);
  requests_.push_back(std::move(request));
}

std::string RequestJournal::to_json() const {
  std::lock_guard lock(mutex_);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartArray();
  for (const auto& r : requests_) {
    w.StartObject();
    w.Key("method");
    w.String(r.method.c_str());
    w.Key("path");
    w.String(r.path.c_str());
    w.Key("status");
    w.Int(r.status);
    w.Key("authorization");
    w.Bool(r.authorization_present);
    w.Key("rejection");
    w.String(r.rejection.c_str());
    w.Key("fault");
    w.String(r.fault.c_str());
    w.EndObject();
  }
  w.EndArray();
  return buffer.GetString();
}

void RequestJournal::clear() {
  std::lock_guard lock(mutex_);
  requests_.clear();
}

}  // namespace flypin::supabase_emulator
