#pragma once
// Reaches a port inside a machine's network namespace: a short-lived thread
// setns()es into /proc/<pid>/ns/net (only that thread moves) and connects;
// the socket stays in the machine's namespace and is used from the caller.

#include <sys/types.h>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace flypin::emulators::fly {

/// Connected TCP socket to 127.0.0.1:port in pid's netns (pid 0: host netns).
/// Error message is Go-like ("connect: connection refused").
core::Result<int> dial_in_netns(pid_t pid, int port, std::chrono::milliseconds timeout);

struct RawRequest {
  std::string method = "GET";
  std::string path = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct RawResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

/// One HTTP/1.1 exchange with "Connection: close" over a fresh connection.
core::Result<RawResponse> http_in_netns(pid_t pid, int port, const RawRequest& request,
                                        std::chrono::milliseconds timeout);

}  // namespace flypin::emulators::fly
