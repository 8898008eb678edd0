#include "support/doubles/captured_log.h"

#include <spdlog/sinks/ostream_sink.h>

namespace flypin::doubles {

CapturedLog::CapturedLog() : previous_(spdlog::default_logger()) {
  auto logger = std::make_shared<spdlog::logger>("captured", std::make_shared<spdlog::sinks::ostream_sink_st>(stream_));
  logger->set_pattern("%v");
  spdlog::set_default_logger(std::move(logger));
}

CapturedLog::~CapturedLog() { spdlog::set_default_logger(previous_); }

}  // namespace flypin::doubles
