#pragma once
// "key": "value" for any RapidJSON writer, with the string's length (values may hold NULs).

#include <rapidjson/rapidjson.h>

#include <string>

namespace flypin::emulators::github {

template <typename Writer>
void put(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

}  // namespace flypin::emulators::github
