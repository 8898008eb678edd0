#pragma once
// The log (spdlog's default logger, where every program line goes) captured
// as plain text, one message a line, while this object lives; the logger it
// replaced comes back after.

#include <spdlog/spdlog.h>

#include <memory>
#include <sstream>
#include <string>

namespace flypin::doubles {

class CapturedLog {
 public:
  CapturedLog();
  ~CapturedLog();
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;

  std::string text() const { return stream_.str(); }
  void clear() { stream_.str(""); }

 private:
  std::ostringstream stream_;
  std::shared_ptr<spdlog::logger> previous_;
};

}  // namespace flypin::doubles
