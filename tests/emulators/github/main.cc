// flypin-github-emulator: see emulator_server.h and README.md. Prints
// "api listening on http://127.0.0.1:PORT" as its first stdout line.

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "emulators/common/listen_address.h"
#include "emulators/common/variants.h"
#include "emulators/github/api/emulator_server.h"

namespace {

using flypin::emulators::github::EmulatorConfig;

// Every write is already on disk (atomic rename), so there is nothing to
// flush; a graceful stop would wait for idle keep-alive connections instead.
void on_signal(int) { std::_Exit(0); }

int usage(const std::string& problem) {
  std::cerr << "flypin-github-emulator: " << problem << "\n";
  return 2;
}

bool valid_repository(const std::string& full_name) {
  const auto slash = full_name.find('/');
  return slash != std::string::npos && slash > 0 && slash + 1 < full_name.size() &&
         full_name.find('/', slash + 1) == std::string::npos;
}

}  // namespace

int main(int argc, char** argv) {
  EmulatorConfig config;
  std::string listen = "127.0.0.1:0";
  std::vector<std::string> token_specs, refs, variant_flags;
  int window_seconds = 3600;
  auto variants = flypin::emulators::github::github_variant_catalogue();

  CLI::App app{
      "Emulates GitHub's REST Deployments API (deployments and deployment statuses) on loopback.\n"
      "Admin API (no auth) under /_admin/: faults, secondary_rate_limit, rate_limit, refs, commit_statuses,\n"
      "behaviour, requests, variants, state, reset. See tests/emulators/github/README.md."};
  app.footer(std::string("Variants (--variant NAME=VALUE, or ") + flypin::emulators::github::kVariantsEnv +
             "=NAME=VALUE,...; FIDELITY.md says why each exists):\n" + variants.help());
  app.add_option("--listen", listen, "127.0.0.1:PORT to listen on (port 0 picks a free one)");
  app.add_option("--repo", config.store.repositories, "OWNER/NAME of a repository that exists (repeatable)")
      ->required();
  app.add_option("--token", token_specs,
                 "TOKEN[:deployments=none|read|write] (repeatable; also GITHUB_EMULATOR_TOKENS, comma-separated)");
  app.add_option("--ref", refs, "NAME=SHA: a branch or tag every repository has (repeatable)");
  app.add_option("--state", config.store.state_file, "JSON file that keeps deployments across restarts");
  app.add_option("--rate-limit", config.rate_limit, "requests per token per window (default 1000)")
      ->check(CLI::PositiveNumber);
  app.add_option("--rate-window", window_seconds, "rate-limit window in seconds (default 3600)")
      ->check(CLI::PositiveNumber);
  app.add_option("--variant", variant_flags, "NAME=VALUE: one answer where GitHub's is unknown (repeatable)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    return usage(e.what());
  }

  const auto address = flypin::emulators::parse_listen_address(listen);
  if (!address) return usage("--listen must be 127.0.0.1:PORT or localhost:PORT");
  config.host = address->host;
  config.port = address->port;
  for (const auto& repo : config.store.repositories) {
    if (!valid_repository(repo)) return usage("--repo must be OWNER/NAME, not '" + repo + "'");
  }
  if (const char* env = std::getenv("GITHUB_EMULATOR_TOKENS")) {
    std::stringstream list(env);
    for (std::string spec; std::getline(list, spec, ',');) {
      if (!spec.empty()) token_specs.push_back(spec);
    }
  }
  if (token_specs.empty()) return usage("give at least one --token (or GITHUB_EMULATOR_TOKENS)");
  for (const auto& spec : token_specs) {
    auto parsed = flypin::emulators::github::parse_token_spec(spec);
    if (auto* problem = std::get_if<std::string>(&parsed)) return usage(*problem);
    auto grant = std::get<flypin::emulators::github::TokenGrant>(parsed);
    grant.installation_id = 40'000'001 + static_cast<long long>(config.tokens.size());
    config.tokens.push_back(std::move(grant));
  }
  for (const auto& ref : refs) {
    const auto eq = ref.find('=');
    if (eq == std::string::npos || eq == 0 || !flypin::emulators::github::is_full_sha(ref.substr(eq + 1))) {
      return usage("--ref must be NAME=<40-hex sha>, not '" + ref + "'");
    }
    config.store.refs[ref.substr(0, eq)] = ref.substr(eq + 1);
  }
  config.rate_window = std::chrono::seconds(window_seconds);
  if (auto problem =
          flypin::emulators::choose_variants(variants, flypin::emulators::github::kVariantsEnv, variant_flags))
    return usage(*problem);
  flypin::emulators::github::apply_variants(variants, config.store);

  std::signal(SIGPIPE, SIG_IGN);
  flypin::emulators::github::EmulatorServer server(config, variants);
  if (!server.state_error().empty()) std::cerr << "flypin-github-emulator: " << server.state_error() << "\n";
  const int port = server.bind();
  if (port <= 0) {
    std::cerr << "flypin-github-emulator: cannot listen on " << listen << "\n";
    return 1;
  }
  std::cout << "api listening on http://" << config.host << ":" << port << std::endl;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  server.serve();
  std::cerr << "flypin-github-emulator: stopped\n";
  return 0;
}
