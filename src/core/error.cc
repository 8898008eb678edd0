#include "core/error.h"

#include "core/redact.h"
#include "core/retry_policy.h"

namespace flypin::core {

bool Error::retryable() const {
  if (finality == Finality::kFinal) return false;
  switch (kind) {
    case ErrorKind::kNetwork:
    case ErrorKind::kTimeout:
      return true;
    case ErrorKind::kHttp:
      return is_retryable_status(http_status);
    default:
      return false;
  }
}

std::string Error::describe() const {
  std::string out = message;
  if (http_status != 0 || !method.empty()) {
    out += " (";
    if (!api.empty()) out += api + ": ";
    if (!method.empty()) out += method + " " + url;
    if (http_status != 0) out += (method.empty() ? "HTTP " : " -> HTTP ") + std::to_string(http_status);
    out += ")";
  }
  return redact(out);
}

namespace {
Error make(ErrorKind kind, std::string message) {
  Error e;
  e.kind = kind;
  e.message = std::move(message);
  return e;
}
}  // namespace

Error Error::usage(std::string message) { return make(ErrorKind::kUsage, std::move(message)); }
Error Error::internal(std::string message) { return make(ErrorKind::kInternal, std::move(message)); }
Error Error::check(std::string message) { return make(ErrorKind::kCheck, std::move(message)); }
Error Error::not_found(std::string message) { return make(ErrorKind::kNotFound, std::move(message)); }
Error Error::cancelled() { return make(ErrorKind::kCancelled, "interrupted"); }

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage:
      return "usage";
    case ErrorKind::kNetwork:
      return "network";
    case ErrorKind::kTimeout:
      return "timeout";
    case ErrorKind::kHttp:
      return "http";
    case ErrorKind::kDecode:
      return "decode";
    case ErrorKind::kNotFound:
      return "not-found";
    case ErrorKind::kCheck:
      return "check";
    case ErrorKind::kCancelled:
      return "cancelled";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "unknown";
}

}  // namespace flypin::core
