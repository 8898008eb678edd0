// flypin-token-server: a minimal Docker registry token service for tests.
// GET /token?service=..&scope=.. with Basic credentials -> signed JWT granting
// the requested actions; no credentials -> a token granting nothing; wrong
// credentials -> 401. GET /stats -> {"token_requests":N}. Loopback only.

#include <httplib.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "core/crypto.h"
#include "core/json.h"
#include "emulators/token-server/jwt_signer.h"

namespace {

using flypin::core::json::quote;

struct Options {
  int port = 0;
  std::string key, cert, issuer, service, username, password;
};

std::string access_entry(const std::string& scope) {
  // type:name:actions, where name may itself contain ':' only before the last one.
  auto first = scope.find(':');
  auto last = scope.rfind(':');
  if (first == std::string::npos || first == last) return "";
  std::string type = scope.substr(0, first);
  std::string name = scope.substr(first + 1, last - first - 1);
  std::stringstream actions(scope.substr(last + 1));
  std::string action, list;
  while (std::getline(actions, action, ',')) {
    if (!action.empty()) list += (list.empty() ? "" : ",") + quote(action);
  }
  return "{\"type\":" + quote(type) + ",\"name\":" + quote(name) + ",\"actions\":[" + list + "]}";
}

enum class Caller { kAnonymous, kUser, kRejected };

Caller authenticate(const httplib::Request& req, const Options& opts) {
  if (!req.has_header("Authorization")) return Caller::kAnonymous;
  auto header = req.get_header_value("Authorization");
  if (header.rfind("Basic ", 0) != 0) return Caller::kRejected;
  auto decoded = flypin::core::base64_decode(header.substr(6));
  if (!decoded) return Caller::kRejected;
  return *decoded == opts.username + ":" + opts.password ? Caller::kUser : Caller::kRejected;
}

}  // namespace

int main(int argc, char** argv) {
  Options opts;
  CLI::App app{"flypin-token-server: registry token service for tests"};
  app.add_option("--port", opts.port, "port on 127.0.0.1")->required();
  app.add_option("--key", opts.key, "PEM RSA private key")->required();
  app.add_option("--cert", opts.cert, "PEM certificate of the key (sent in x5c)")->required();
  app.add_option("--issuer", opts.issuer)->required();
  app.add_option("--service", opts.service)->required();
  app.add_option("--username", opts.username)->required();
  CLI11_PARSE(app, argc, argv);
  const char* password = std::getenv("FLYPIN_TOKEN_SERVER_PASSWORD");
  if (password == nullptr || *password == '\0') {
    std::cerr << "FLYPIN_TOKEN_SERVER_PASSWORD is not set\n";
    return 2;
  }
  opts.password = password;

  flypin::emulators::token_server::JwtSigner signer(opts.key, opts.cert);
  std::atomic<long long> token_requests{0};
  httplib::Server server;

  server.Get("/token", [&](const httplib::Request& req, httplib::Response& res) {
    ++token_requests;
    auto caller = authenticate(req, opts);
    std::string service = req.get_param_value("service");
    std::cerr << "GET /token service=" << service << " scopes=" << req.get_param_value_count("scope") << " caller="
              << (caller == Caller::kUser        ? "user"
                  : caller == Caller::kAnonymous ? "anonymous"
                                                 : "rejected")
              << std::endl;
    if (caller == Caller::kRejected) {
      res.status = 401;
      res.set_header("WWW-Authenticate", "Basic realm=\"flypin-token-server\"");
      res.set_content(R"({"details":"incorrect username or password"})", "application/json");
      return;
    }
    if (service != opts.service) {
      res.status = 400;
      res.set_content(R"({"details":"unknown service"})", "application/json");
      return;
    }
    std::string access;
    if (caller == Caller::kUser) {
      for (size_t i = 0; i < req.get_param_value_count("scope"); ++i) {
        auto entry = access_entry(req.get_param_value("scope", i));
        if (!entry.empty()) access += (access.empty() ? "" : ",") + entry;
      }
    }
    auto now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::string claims = "{\"iss\":" + quote(opts.issuer) +
                         ",\"sub\":" + quote(caller == Caller::kUser ? opts.username : "") +
                         ",\"aud\":" + quote(opts.service) + ",\"exp\":" + std::to_string(now + 300) +
                         ",\"nbf\":" + std::to_string(now - 10) + ",\"iat\":" + std::to_string(now) +
                         ",\"jti\":" + quote(flypin::core::random_hex(8)) + ",\"access\":[" + access + "]}";
    std::string token = signer.sign(claims);
    res.set_content("{\"token\":" + quote(token) + ",\"access_token\":" + quote(token) + ",\"expires_in\":300}",
                    "application/json");
  });

  server.Get("/stats", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"token_requests\":" + std::to_string(token_requests.load()) + "}", "application/json");
  });

  std::cerr << "flypin-token-server listening on 127.0.0.1:" << opts.port << std::endl;
  if (!server.listen("127.0.0.1", opts.port)) {
    std::cerr << "cannot listen on 127.0.0.1:" << opts.port << "\n";
    return 1;
  }
  return 0;
}
