#pragma once
// The body of POST /v1/apps/{app}/machines (CreateMachineRequest). Every
// placement and size field is explicit: nothing is left to Fly's defaults.

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "fly/machine.h"

namespace flypin::fly {

/// One top-level HTTP machine check (config.checks.<name>).
struct HttpCheck {
  std::string name = "health";
  int port = 8080;
  std::string path = "/health";
  std::chrono::milliseconds interval{1000};  // sent as a Go duration
  std::string timeout = "2s";
  std::string grace_period = "0s";  // criticals do not fail the smoke early; the deadline does
};

/// One TCP/HTTP service for proxy mode (config.services[0]).
struct ProxyService {
  int internal_port = 8080;
};

/// skip_launch: the machine is created stopped and never started by the call.
enum class SkipLaunch { kNo, kYes };

struct CreateMachineRequest {
  std::string name;
  std::string region;  // "": not sent, Fly places it (a keeper that never runs has no region to honour)
  std::string image;
  Guest guest;
  std::map<std::string, std::string> env;
  std::map<std::string, std::string> metadata;
  std::optional<HttpCheck> check;
  std::optional<ProxyService> service;
  SkipLaunch skip_launch = SkipLaunch::kNo;
};

/// The JSON body: restart policy "no" and auto_destroy false so a crash stays
/// visible (F4).
std::string to_json(const CreateMachineRequest& request);

}  // namespace flypin::fly
