#include "core/log.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>

#include <cstdio>
#include <mutex>

#include "core/log_line.h"
#include "core/redact.h"

namespace flypin::core {
namespace {

class RedactingStderrSink : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    // Secrets are removed before anything else touches the text; then the
    // record is made one line that no workflow command can hide in.
    const std::string payload = one_log_line(redact(std::string_view(msg.payload.data(), msg.payload.size())));
    spdlog::details::log_msg safe = msg;
    safe.payload = payload;
    spdlog::memory_buf_t formatted;
    formatter_->format(safe, formatted);
    std::fwrite(formatted.data(), 1, formatted.size(), stderr);
  }
  void flush_() override { std::fflush(stderr); }
};

}  // namespace

void setup_logging(const std::string& program, const Environment& env) {
  auto sink = std::make_shared<RedactingStderrSink>();
  auto logger = std::make_shared<spdlog::logger>(program, sink);
  bool debug = env.is_true("RUNNER_DEBUG") || env.is_true("FLYPIN_DEBUG");
  logger->set_level(debug ? spdlog::level::debug : spdlog::level::info);
  logger->set_pattern(debug ? "%H:%M:%S.%e %^%l%$ %v" : "%^%n: %v%$");
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(logger);
}

}  // namespace flypin::core
