#include "registry/credentials.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "core/crypto.h"
#include "core/fly_token.h"
#include "core/json.h"
#include "core/log_line.h"
#include "core/redact.h"
#include "registry/reference.h"

namespace flypin::registry {

namespace {

bool same_registry(const std::string& key_host, const std::string& domain) {
  if (is_docker_hub_host(domain)) return is_docker_hub_host(key_host);
  return key_host == domain;
}

// The server name a credential helper expects for this registry.
std::string helper_server(const std::string& domain) {
  return is_docker_hub_host(domain) ? "https://index.docker.io/v1/" : domain;
}

// Every form the credential can be printed in is registered before anyone can use it.
Credential make(std::string user, std::string pass, std::string source) {
  core::register_credential(user, pass);
  return Credential{std::move(user), std::move(pass), std::move(source)};
}

}  // namespace

std::string docker_config_key_host(const std::string& key) {
  std::string host = key;
  if (auto scheme = host.find("://"); scheme != std::string::npos) host = host.substr(scheme + 3);
  if (auto slash = host.find('/'); slash != std::string::npos) host = host.substr(0, slash);
  return host;
}

core::Result<CredentialScope> CredentialScope::of(const core::Environment& env, const std::vector<std::string>& named) {
  CredentialScope scope;
  for (const auto& host : named) {
    if (!host.empty()) scope.hosts_.push_back(host);
  }
  const std::string list = env.get_or("REGISTRY_HOST", "");
  for (size_t start = 0; start <= list.size();) {
    const size_t comma = std::min(list.find(',', start), list.size());
    std::string host = list.substr(start, comma - start);
    while (!host.empty() && (host.front() == ' ' || host.front() == '\t')) host.erase(host.begin());
    while (!host.empty() && (host.back() == ' ' || host.back() == '\t')) host.pop_back();
    start = comma + 1;
    if (host.empty()) continue;
    const bool ok = host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
                             c == '[' || c == ']';
                    });
    if (!ok) {
      return core::Error::usage("REGISTRY_HOST entry '" + core::one_log_line(host.substr(0, 80)) +
                                "' is not a registry host (a host, optionally :port, e.g. ghcr.io or 127.0.0.1:5000; "
                                "several separated by commas)");
    }
    scope.hosts_.push_back(host);
  }
  return scope;
}

CredentialScope CredentialScope::for_hosts(std::vector<std::string> hosts) {
  CredentialScope scope;
  scope.hosts_ = std::move(hosts);
  return scope;
}

bool CredentialScope::covers(const std::string& domain) const {
  return std::any_of(hosts_.begin(), hosts_.end(), [&](const std::string& h) { return same_registry(h, domain); });
}

std::string CredentialScope::describe() const {
  std::string out;
  for (const auto& h : hosts_) out += (out.empty() ? "" : ", ") + h;
  return out.empty() ? "no registry" : out;
}

core::Result<Credential> CredentialResolver::resolve(const std::string& domain) {
  auto user = env_.get("REGISTRY_USERNAME");
  auto pass = env_.get("REGISTRY_PASSWORD");
  if (pass) core::register_secret(*pass);
  if (user || pass) {
    if (!user || !pass) {
      return core::Error::usage(std::string(user ? "REGISTRY_USERNAME" : "REGISTRY_PASSWORD") + " is set but " +
                                (user ? "REGISTRY_PASSWORD" : "REGISTRY_USERNAME") + " is not: set both or neither");
    }
    if (scope_.covers(domain)) return make(*user, *pass, "REGISTRY_USERNAME/REGISTRY_PASSWORD");
  }

  bool found = false;
  auto from_config = from_docker_config(domain, found);
  if (!from_config.ok() || found) return from_config;

  if (domain == "registry.fly.io") {
    if (auto token = core::fly_token(env_)) return make("x", token->value, token->variable);
  }
  // Say why the environment's credential was not used: a 401 then explains itself.
  if (user && pass) {
    return Credential{"", "",
                      "anonymous (REGISTRY_USERNAME/REGISTRY_PASSWORD are for " + scope_.describe() +
                          " only: name this registry's image on the command line or add " + domain +
                          " to REGISTRY_HOST)"};
  }
  return Credential{"", "", "anonymous"};
}

core::Result<Credential> CredentialResolver::from_docker_config(const std::string& domain, bool& found) {
  auto dir = docker_config_dir(env_);
  if (!dir) return Credential{};
  const std::string path = *dir + "/config.json";
  std::ifstream in(path);
  if (!in) return Credential{};
  std::stringstream ss;
  ss << in.rdbuf();
  auto doc = core::json::parse(ss.str(), "docker config " + path);
  if (!doc.ok()) return core::Error::usage("cannot parse docker config " + path + ": " + doc.error().message);
  if (!doc->IsObject()) return core::Error::usage("docker config " + path + " is not a JSON object");

  if (const auto* helpers = core::json::get_object(*doc, "credHelpers"); helpers != nullptr && helpers->IsObject()) {
    for (const auto& m : helpers->GetObject()) {
      if (m.value.IsString() && same_registry(docker_config_key_host(m.name.GetString()), domain)) {
        return from_helper(m.value.GetString(), helper_server(domain),
                           std::string("credHelpers[") + m.name.GetString() + "]", found);
      }
    }
  }
  if (const auto* auths = core::json::get_object(*doc, "auths"); auths != nullptr && auths->IsObject()) {
    for (const auto& m : auths->GetObject()) {
      if (!m.value.IsObject() || !same_registry(docker_config_key_host(m.name.GetString()), domain)) continue;
      std::string source = std::string("docker config auths[") + m.name.GetString() + "]";
      if (auto auth = core::json::get_string(m.value, "auth"); auth && !auth->empty()) {
        core::register_secret(*auth);
        auto decoded = core::base64_decode(*auth);
        auto colon = decoded ? decoded->find(':') : std::string::npos;
        if (colon == std::string::npos) {
          return core::Error::usage(source + " in " + path +
                                    " has an 'auth' value that is not base64 of user:password");
        }
        found = true;
        return make(decoded->substr(0, colon), decoded->substr(colon + 1), source);
      }
      auto user = core::json::get_string(m.value, "username");
      auto pass = core::json::get_string(m.value, "password");
      if (user && pass) {
        found = true;
        return make(*user, *pass, source);
      }
    }
  }
  if (auto store = core::json::get_string(*doc, "credsStore"); store && !store->empty()) {
    return from_helper(*store, helper_server(domain), "credsStore", found);
  }
  return Credential{};
}

core::Result<Credential> CredentialResolver::from_helper(const std::string& helper, const std::string& server,
                                                         const std::string& how, bool& found) {
  std::string program = "docker-credential-" + helper;
  auto exe = core::find_on_path(program, env_.get_or("PATH", ""));
  std::string source = "docker credential helper " + program + " (" + how + ")";
  if (!exe) return core::Error::usage(source + " is not on PATH");
  auto result = processes_.run(core::ProcessSpec{.argv = {*exe, "get"}, .stdin_data = server});
  if (!result.ok()) return core::Error::usage(source + " could not be started: " + result.error().message);
  if (result->exit_code != 0) {
    // Helpers exit non-zero with "credentials not found" for unknown servers: fall through.
    if (result->output.find("not found") != std::string::npos) return Credential{};
    // What a failing helper printed may hold the very secret it failed to hand over: never echo it.
    return core::Error::usage(source + " failed (exit " + std::to_string(result->exit_code) +
                              "); its output is not shown as it may hold credentials: run `echo " + server + " | " +
                              program + " get` to see it");
  }
  auto doc = core::json::parse(result->stdout_data, program + " output");
  if (!doc.ok() || !doc->IsObject()) return core::Error::usage(source + " printed something that is not JSON");
  auto user = core::json::get_string(*doc, "Username").value_or("");
  auto secret = core::json::get_string(*doc, "Secret").value_or("");
  core::register_secret(secret);
  if (secret.empty()) return Credential{};
  found = true;
  return make(user, secret, source);
}

std::optional<std::string> docker_config_dir(const core::Environment& env) {
  if (auto dir = env.get("DOCKER_CONFIG")) return *dir;
  if (auto home = env.get("HOME")) return *home + "/.docker";
  return std::nullopt;
}

}  // namespace flypin::registry
