// flypin-supabase-emulator: see emulator_server.h. Prints
// "listening on http://127.0.0.1:PORT" as its first stdout line.

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "emulators/common/listen_address.h"
#include "emulators/common/variants.h"
#include "emulators/supabase/api/emulator_server.h"

namespace {

// Every write is already on disk (atomic rename), so there is nothing to
// flush; a graceful stop would wait for idle keep-alive connections instead.
void on_signal(int) { std::_Exit(0); }

}  // namespace

int main(int argc, char** argv) {
  using flypin::emulators::supabase::EmulatorConfig;
  namespace supabase = flypin::emulators::supabase;
  EmulatorConfig config;
  std::string listen = "127.0.0.1:0";
  std::vector<std::string> tokens, read_only, projects, variant_flags;
  int window_seconds = 60;
  auto variants = supabase::supabase_variant_catalogue();

  CLI::App app{
      "Emulates the Supabase Management API secrets endpoints (/v1/projects/{ref}/secrets) on loopback.\n"
      "Admin API (no auth): POST /_admin/faults {path_prefix,method,status|delay_ms|drop_connection,count,\n"
      "when:before|after}, GET /_admin/requests, GET /_admin/variants, POST /_admin/reset,\n"
      "GET /_admin/secrets/<ref> (plaintext values)."};
  app.footer(std::string("Variants (--variant NAME=VALUE, or ") + supabase::kVariantsEnv +
             "=NAME=VALUE,...; FIDELITY.md says why each exists):\n" + variants.help());
  app.add_option("--listen", listen, "127.0.0.1:PORT to listen on (port 0 picks a free one)");
  app.add_option("--token", tokens,
                 "accepted Bearer token (repeatable; also SUPABASE_EMULATOR_TOKENS, comma-separated)");
  app.add_option("--read-only-token", read_only, "Bearer token allowed to read only: writes get 403 (repeatable)");
  app.add_option("--project", projects, "known project ref (repeatable); with none, every valid ref is known");
  app.add_option("--state", config.state_file, "JSON file that keeps the secrets across restarts");
  app.add_option("--rate-limit", config.rate_limit, "requests per token per window before 429 (default 120)")
      ->check(CLI::PositiveNumber);
  app.add_option("--rate-window", window_seconds, "rate-limit window in seconds (default 60)")
      ->check(CLI::PositiveNumber);
  app.add_option("--variant", variant_flags, "NAME=VALUE: one answer where the real API's is unknown (repeatable)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  const auto address = flypin::emulators::parse_listen_address(listen);
  if (!address) {
    std::cerr << "flypin-supabase-emulator: --listen must be 127.0.0.1:PORT or localhost:PORT\n";
    return 2;
  }
  config.host = address->host;
  config.port = address->port;
  if (const char* env = std::getenv("SUPABASE_EMULATOR_TOKENS")) {
    std::stringstream list(env);
    for (std::string token; std::getline(list, token, ',');) {
      if (!token.empty()) tokens.push_back(token);
    }
  }
  if (tokens.empty() && read_only.empty()) {
    std::cerr << "flypin-supabase-emulator: give at least one --token (or SUPABASE_EMULATOR_TOKENS)\n";
    return 2;
  }
  config.tokens.insert(tokens.begin(), tokens.end());
  config.read_only_tokens.insert(read_only.begin(), read_only.end());
  config.projects.insert(projects.begin(), projects.end());
  config.rate_window = std::chrono::seconds(window_seconds);
  if (auto problem = flypin::emulators::choose_variants(variants, supabase::kVariantsEnv, variant_flags)) {
    std::cerr << "flypin-supabase-emulator: " << *problem << "\n";
    return 2;
  }

  std::signal(SIGPIPE, SIG_IGN);
  flypin::emulators::supabase::EmulatorServer server(config, variants);
  if (!server.state_error().empty()) std::cerr << "flypin-supabase-emulator: " << server.state_error() << "\n";
  const int port = server.bind();
  if (port <= 0) {
    std::cerr << "flypin-supabase-emulator: cannot listen on " << listen << "\n";
    return 1;
  }
  std::cout << "listening on http://127.0.0.1:" << port << std::endl;
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  server.serve();
  std::cerr << "flypin-supabase-emulator: stopped\n";
  return 0;
}
