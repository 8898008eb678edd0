#pragma once
// The one place that turns a failed libcurl transfer into an Error: its kind,
// a one-line message, and whether another attempt could help. A certificate
// that fails verification, a body over its cap and a stalled transfer are
// final: retrying them only gives a hostile or misconfigured server more time.

#include <string_view>

#include "core/error.h"
#include "core/http.h"

namespace flypin::core {

/// Why our own callbacks stopped a transfer, if they did.
enum class Abort { kNone, kBodyTooLarge, kStalled };

/// `curl_code` is the CURLcode; `detail` libcurl's error buffer ("" if empty).
Error transfer_error(const HttpRequest& request, int curl_code, std::string_view detail, Abort abort);

/// "host:port" of an http(s) URL, the port defaulted from the scheme.
std::string url_authority(std::string_view url);

}  // namespace flypin::core
