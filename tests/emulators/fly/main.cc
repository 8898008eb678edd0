// flypin-fly-emulator: a local Fly Machines API that boots real images.
#include <signal.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "core/environment.h"
#include "core/log.h"
#include "core/redact.h"
#include "core/version.h"
#include "emulators/common/listen_address.h"
#include "emulators/fly/api/api_server.h"
#include "emulators/fly/api/proxy_server.h"
#include "emulators/fly/fleet/variants.h"

namespace {

using namespace flypin;
namespace fly = flypin::emulators::fly;

struct Options {
  emulators::ListenAddress listen{"127.0.0.1", 0};
  emulators::ListenAddress proxy_listen{"127.0.0.1", 0};
  std::vector<std::string> tokens;
  std::vector<std::string> apps;
  std::string work_dir;
  bool registry_insecure = false;
  std::string state_log;
  std::vector<std::string> variants;
};

int bind(httplib::Server& server, const emulators::ListenAddress& address) {
  if (address.port == 0) return server.bind_to_any_port(address.host.c_str());
  return server.bind_to_port(address.host.c_str(), address.port) ? address.port : -1;
}

int run(const Options& options, const emulators::Variants& variants) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // every thread inherits this; sigwait below
  ::signal(SIGPIPE, SIG_IGN);

  std::filesystem::create_directories(options.work_dir);
  fly::FleetOptions fleet_options;
  fleet_options.work_dir = std::filesystem::absolute(options.work_dir).string();
  fleet_options.state_log = options.state_log;
  auto env = core::Environment::from_process();
  fleet_options.auth.username = env.get("REGISTRY_USERNAME").value_or("");
  fleet_options.auth.password = env.get("REGISTRY_PASSWORD").value_or("");
  if (!fleet_options.auth.password.empty()) core::register_secret(fleet_options.auth.password);
  for (const auto& t : options.tokens) core::register_secret(t);
  fleet_options.auth.tls = options.registry_insecure ? fly::Tls::kInsecure : fly::Tls::kVerifyUnlessLoopback;
  fleet_options.sandbox = fly::probe_sandbox();
  fleet_options.variants = fly::typed(variants);
  if (const auto chosen = variants.chosen(); !chosen.empty()) spdlog::info("variants: {}", chosen);
  if (!fleet_options.sandbox.chroot)
    spdlog::warn("not running as root: machines run on the host filesystem (no chroot into the image)");
  if (!fleet_options.sandbox.netns)
    spdlog::warn("network namespaces unavailable: machines share the host network (ports can clash)");

  fly::ApiConfig config{{options.tokens.begin(), options.tokens.end()}, {options.apps.begin(), options.apps.end()}};
  int exit_code = 0;
  {
    fly::Fleet fleet(fleet_options);
    fly::ApiServer api(config, fleet, variants);
    fly::ProxyServer proxy(config.apps, fleet);
    int api_port = bind(api.server(), options.listen);
    int proxy_port = bind(proxy.server(), options.proxy_listen);
    if (api_port <= 0 || proxy_port <= 0) {
      spdlog::error("cannot listen on {}:{} / {}:{}", options.listen.host, options.listen.port,
                    options.proxy_listen.host, options.proxy_listen.port);
      return 1;
    }
    std::printf("api listening on http://%s:%d\nproxy listening on http://%s:%d\n", options.listen.host.c_str(),
                api_port, options.proxy_listen.host.c_str(), proxy_port);
    std::fflush(stdout);
    std::thread api_thread([&] { api.server().listen_after_bind(); });
    std::thread proxy_thread([&] { proxy.server().listen_after_bind(); });
    int sig = 0;
    sigwait(&signals, &sig);
    spdlog::info("{}: stopping every machine and removing their root filesystems",
                 sig == SIGINT ? "SIGINT" : "SIGTERM");
    api.server().stop();
    proxy.server().stop();
    api_thread.join();
    proxy_thread.join();
  }  // ~Fleet kills the machines and removes the rootfs dirs
  return exit_code;
}

int usage(const std::string& problem) {
  std::cerr << "flypin-fly-emulator: " << problem << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  core::setup_logging("flypin-fly-emulator", core::Environment::from_process());
  Options options;
  std::string listen = "127.0.0.1:0", proxy_listen = "127.0.0.1:0";
  auto variants = fly::fly_variant_catalogue();
  CLI::App app{
      "Local Fly Machines API emulator that pulls and boots real images.\n"
      "Prints 'api listening on URL' and 'proxy listening on URL' as its first two stdout lines.",
      "flypin-fly-emulator"};
  app.footer(std::string("Variants (--variant NAME=VALUE, or ") + fly::kVariantsEnv +
             "=NAME=VALUE,...; FIDELITY.md says why each exists):\n" + variants.help());
  app.set_version_flag("--version", std::string("flypin-fly-emulator ") + core::version());
  app.add_option("--listen", listen, "API address 127.0.0.1:PORT (port 0 picks a free one)");
  app.add_option("--proxy-listen", proxy_listen, "Proxy address 127.0.0.1:PORT (port 0 picks a free one)");
  app.add_option("--token", options.tokens, "Accepted API token (Bearer or FlyV1), repeatable")->required();
  app.add_option("--app", options.apps, "App that exists, repeatable")->required();
  app.add_option("--work-dir", options.work_dir, "Directory for root filesystems and machine logs")->required();
  app.add_flag("--registry-insecure", options.registry_insecure, "Pull over plain HTTP / without TLS verification");
  app.add_option("--state-log", options.state_log, "Append every machine state change to this file (JSON lines)");
  app.add_option("--variant", options.variants, "NAME=VALUE: one answer where real Fly's is unknown (repeatable)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    return usage(core::redact(e.what()));
  }
  auto api_address = emulators::parse_listen_address(listen);
  auto proxy_address = emulators::parse_listen_address(proxy_listen);
  if (!api_address || !proxy_address)
    return usage("--listen and --proxy-listen must be 127.0.0.1:PORT or localhost:PORT");
  options.listen = *api_address;
  options.proxy_listen = *proxy_address;
  if (auto problem = emulators::choose_variants(variants, fly::kVariantsEnv, options.variants)) return usage(*problem);
  return run(options, variants);
}
