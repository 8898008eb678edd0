#pragma once
// Incremental parser of a client->server HTTP/1.1 byte stream that reports
// each request line as soon as its headers are complete.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace flypin::testbed {

class HttpRequestCounter {
 public:
  explicit HttpRequestCounter(std::function<void(std::string)> on_request) : on_request_(std::move(on_request)) {}
  void feed(std::string_view data);

 private:
  enum class State { kHeaders, kBody, kChunkSize, kChunkData, kChunkEnd, kTrailers };
  void finish_headers();

  std::function<void(std::string)> on_request_;
  State state_ = State::kHeaders;
  std::string buffer_;
  size_t remaining_ = 0;
};

}  // namespace flypin::testbed
