// flypin-fly-emulator: a local Fly Machines API that boots real images.
#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <thread>

#include "api_server.h"
#include "cmd/common/program.h"
#include "core/environment.h"
#include "core/log.h"
#include "core/redact.h"
#include "proxy_server.h"

namespace {

using namespace flypin;

struct Options {
  std::string listen = "127.0.0.1:0";
  std::string proxy_listen = "127.0.0.1:0";
  std::vector<std::string> tokens;
  std::vector<std::string> apps;
  std::string work_dir;
  bool registry_insecure = false;
  std::string state_log;
};

bool split_host_port(const std::string& text, std::string& host, int& port) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  host = text.substr(0, colon);
  try {
    port = std::stoi(text.substr(colon + 1));
  } catch (...) {
    return false;
  }
  return !host.empty() && port >= 0 && port < 65536;
}

int bind(httplib::Server& server, const std::string& address) {
  std::string host;
  int port = 0;
  if (!split_host_port(address, host, port)) return -1;
  if (port == 0) return server.bind_to_any_port(host.c_str());
  return server.bind_to_port(host.c_str(), port) ? port : -1;
}

int run(const Options& options) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // every thread inherits this; sigwait below
  ::signal(SIGPIPE, SIG_IGN);

  std::filesystem::create_directories(options.work_dir);
  flyemu::FleetOptions fleet_options;
  fleet_options.work_dir = std::filesystem::absolute(options.work_dir).string();
  fleet_options.state_log = options.state_log;
  auto env = core::Environment::from_process();
  fleet_options.auth.username = env.get("REGISTRY_USERNAME").value_or("");
  fleet_options.auth.password = env.get("REGISTRY_PASSWORD").value_or("");
  if (!fleet_options.auth.password.empty()) core::register_secret(fleet_options.auth.password);
  for (const auto& t : options.tokens) core::register_secret(t);
  fleet_options.auth.tls = options.registry_insecure ? flyemu::Tls::kInsecure : flyemu::Tls::kVerifyUnlessLoopback;
  fleet_options.sandbox = flyemu::probe_sandbox();
  if (!fleet_options.sandbox.chroot)
    spdlog::warn("not running as root: machines run on the host filesystem (no chroot into the image)");
  if (!fleet_options.sandbox.netns)
    spdlog::warn("network namespaces unavailable: machines share the host network (ports can clash)");

  flyemu::ApiConfig config{{options.tokens.begin(), options.tokens.end()}, {options.apps.begin(), options.apps.end()}};
  int exit_code = 0;
  {
    flyemu::Fleet fleet(fleet_options);
    flyemu::ApiServer api(config, fleet);
    flyemu::ProxyServer proxy(config.apps, fleet);
    int api_port = bind(api.server(), options.listen);
    int proxy_port = bind(proxy.server(), options.proxy_listen);
    if (api_port <= 0 || proxy_port <= 0) {
      spdlog::error("cannot listen on {} / {}", options.listen, options.proxy_listen);
      return 1;
    }
    std::string api_host = options.listen.substr(0, options.listen.rfind(':'));
    std::string proxy_host = options.proxy_listen.substr(0, options.proxy_listen.rfind(':'));
    std::printf("api listening on http://%s:%d\nproxy listening on http://%s:%d\n", api_host.c_str(), api_port,
                proxy_host.c_str(), proxy_port);
    std::fflush(stdout);
    std::thread api_thread([&] { api.server().listen_after_bind(); });
    std::thread proxy_thread([&] { proxy.server().listen_after_bind(); });
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("{}: stopping every machine and removing their root filesystems", sig == SIGINT ? "SIGINT" : "SIGTERM");
    api.server().stop();
    proxy.server().stop();
    api_thread.join();
    proxy_thread.join();
  }  // ~Fleet kills the machines and removes the rootfs dirs
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  core::setup_logging("flypin-fly-emulator", core::Environment::from_process());
  Options options;
  auto app = cmd::make_app("flypin-fly-emulator",
                           "Local Fly Machines API emulator that pulls and boots real images.\n"
                           "Prints 'api listening on URL' and 'proxy listening on URL' as its first two stdout lines.");
  app->add_option("--listen", options.listen, "API address host:port (port 0 picks a free one)");
  app->add_option("--proxy-listen", options.proxy_listen, "Proxy address host:port (port 0 picks a free one)");
  app->add_option("--token", options.tokens, "Accepted API token (Bearer or FlyV1), repeatable")->required();
  app->add_option("--app", options.apps, "App that exists, repeatable")->required();
  app->add_option("--work-dir", options.work_dir, "Directory for root filesystems and machine logs")->required();
  app->add_flag("--registry-insecure", options.registry_insecure, "Pull over plain HTTP / without TLS verification");
  app->add_option("--state-log", options.state_log, "Append every machine state change to this file (JSON lines)");
  if (auto code = cmd::parse_flags(*app, argc, argv)) return *code;
  return run(options);
}
