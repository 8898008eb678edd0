#include "emulators/fly/model/log_json.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <ctime>

namespace flypin::emulators::fly {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

}  // namespace

std::string rfc3339_ns(long long unix_ns) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ns / 1'000'000'000);
  std::tm tm{};
  ::gmtime_r(&seconds, &tm);
  char buf[48];
  const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%09lldZ", unix_ns % 1'000'000'000);
  return buf;
}

std::string log_page_json(const LogPage& page) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  w.Key("data");
  w.StartArray();
  for (const auto& e : page.entries) {
    w.StartObject();
    str(w, "id", std::to_string(e.timestamp_ns));
    str(w, "type", "logs");
    w.Key("attributes");
    w.StartObject();
    str(w, "timestamp", rfc3339_ns(e.timestamp_ns));
    str(w, "message", e.line.message);
    str(w, "level", e.line.level);
    str(w, "instance", e.line.instance);
    str(w, "region", e.line.region);
    w.Key("meta");
    w.StartObject();
    str(w, "instance", e.line.instance);
    str(w, "region", e.line.region);
    w.Key("event");
    w.StartObject();
    str(w, "provider", e.line.provider);
    w.EndObject();
    w.Key("error");
    w.StartObject();
    w.Key("code");
    w.Int(0);
    str(w, "message", "");
    w.EndObject();
    w.EndObject();
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.Key("meta");
  w.StartObject();
  str(w, "next_token", page.next_token);
  w.EndObject();
  w.EndObject();
  return buffer.GetString();
}

}  // namespace flypin::emulators::fly
