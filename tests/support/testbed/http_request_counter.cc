#include "support/testbed/http_request_counter.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace flypin::testbed {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

void HttpRequestCounter::finish_headers() {
  std::istringstream in(buffer_);
  std::string request_line;
  std::getline(in, request_line);
  if (!request_line.empty() && request_line.back() == '\r') request_line.pop_back();
  bool chunked = false;
  size_t length = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = lower(line.substr(0, colon));
    std::string value = lower(line.substr(colon + 1));
    if (name == "content-length") length = std::stoull(value);
    if (name == "transfer-encoding" && value.find("chunked") != std::string::npos) chunked = true;
  }
  auto space2 = request_line.find(' ', request_line.find(' ') + 1);
  on_request_(request_line.substr(0, space2));
  buffer_.clear();
  if (chunked) {
    state_ = State::kChunkSize;
  } else if (length > 0) {
    remaining_ = length;
    state_ = State::kBody;
  } else {
    state_ = State::kHeaders;
  }
}

void HttpRequestCounter::feed(std::string_view data) {
  while (!data.empty()) {
    switch (state_) {
      case State::kHeaders: {
        buffer_.push_back(data.front());
        data.remove_prefix(1);
        if (buffer_ == "\r\n" || buffer_ == "\n") buffer_.clear();  // stray CRLF between requests
        if (buffer_.size() >= 4 && buffer_.compare(buffer_.size() - 4, 4, "\r\n\r\n") == 0) finish_headers();
        break;
      }
      case State::kBody:
      case State::kChunkData: {
        size_t n = std::min(remaining_, data.size());
        data.remove_prefix(n);
        remaining_ -= n;
        if (remaining_ == 0) state_ = state_ == State::kBody ? State::kHeaders : State::kChunkEnd;
        break;
      }
      case State::kChunkEnd: {
        buffer_.push_back(data.front());
        data.remove_prefix(1);
        if (buffer_.size() == 2) {
          buffer_.clear();
          state_ = State::kChunkSize;
        }
        break;
      }
      case State::kChunkSize: {
        buffer_.push_back(data.front());
        data.remove_prefix(1);
        if (buffer_.size() >= 2 && buffer_.compare(buffer_.size() - 2, 2, "\r\n") == 0) {
          size_t size = std::stoull(buffer_, nullptr, 16);
          buffer_.clear();
          if (size == 0) {
            state_ = State::kTrailers;
          } else {
            remaining_ = size;
            state_ = State::kChunkData;
          }
        }
        break;
      }
      case State::kTrailers: {
        buffer_.push_back(data.front());
        data.remove_prefix(1);
        if (buffer_.size() >= 2 && buffer_.compare(buffer_.size() - 2, 2, "\r\n") == 0) {
          bool empty_line = buffer_.size() == 2;
          buffer_.clear();
          if (empty_line) state_ = State::kHeaders;
        }
        break;
      }
    }
  }
}

}  // namespace flypin::testbed
