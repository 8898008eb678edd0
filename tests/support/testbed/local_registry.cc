#include <httplib.h>

#include <stdexcept>

#include "core/crypto.h"
#include "core/json.h"
#include "core/process.h"
#include "support/testbed/counting_proxy.h"
#include "support/testbed/image_builder.h"
#include "support/testbed/testbed.h"

#ifndef FLYPIN_BIN_DIR
#error "FLYPIN_BIN_DIR must be defined"
#endif

namespace flypin::testbed {

namespace {

constexpr auto kStartTimeout = std::chrono::seconds(30);
constexpr const char* kService = "flypin-test-registry";
constexpr const char* kIssuer = "flypin-token-server";

std::string registry_config(const TempDir& dir, int port, AuthMode mode, int token_port) {
  std::string auth;
  if (mode == AuthMode::kBasic) {
    auth = "auth:\n  htpasswd:\n    realm: flypin-test\n    path: " + dir.file("htpasswd") + "\n";
  } else {
    auth = "auth:\n  token:\n    realm: http://127.0.0.1:" + std::to_string(token_port) +
           "/token\n    service: " + kService + "\n    issuer: " + kIssuer +
           "\n    rootcertbundle: " + dir.file("token-cert.pem") + "\n";
  }
  return "version: 0.1\n"
         "log:\n  level: info\n  formatter: text\n"
         "storage:\n  filesystem:\n    rootdirectory: " +
         dir.file("storage") +
         "\n"
         "  delete:\n    enabled: true\n"
         "  maintenance:\n    uploadpurging:\n      enabled: false\n"
         "http:\n  addr: 127.0.0.1:" +
         std::to_string(port) + "\n  secret: " + core::random_hex(16) + "\n" + auth;
}

}  // namespace

std::string token_server_path() { return std::string(FLYPIN_BIN_DIR) + "/flypin-token-server"; }

LocalRegistry::LocalRegistry(AuthMode mode)
    : mode_(mode), password_(core::random_hex(12)), dir_(std::make_unique<TempDir>("flypin-registry")) {
  registry_port_ = free_loopback_port();
  if (mode_ == AuthMode::kBasic) {
    write_file(dir_->file("htpasswd"), ImageBuilder::run({"htpasswd", "-Bbn", username_, password_}));
  } else {
    ImageBuilder::run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                       dir_->file("token-key.pem"), "-out", dir_->file("token-cert.pem"), "-days", "2", "-subj",
                       "/CN=flypin-token-server"});
    token_port_ = free_loopback_port();
    token_server_ = std::make_unique<ScopedProcess>(
        std::vector<std::string>{token_server_path(), "--port", std::to_string(token_port_), "--key",
                                 dir_->file("token-key.pem"), "--cert", dir_->file("token-cert.pem"), "--issuer",
                                 kIssuer, "--service", kService, "--username", username_},
        std::map<std::string, std::string>{{"FLYPIN_TOKEN_SERVER_PASSWORD", password_}}, dir_->file("token.log"));
    if (!token_server_->wait_for_port(token_port_, kStartTimeout)) {
      throw std::runtime_error("token server did not start: " + token_server_->log());
    }
  }
  write_file(dir_->file("config.yml"), registry_config(*dir_, registry_port_, mode_, token_port_));
  registry_ = std::make_unique<ScopedProcess>(
      std::vector<std::string>{"/usr/bin/docker-registry", "serve", dir_->file("config.yml")},
      std::map<std::string, std::string>{}, dir_->file("registry.log"));
  if (!registry_->wait_for_port(registry_port_, kStartTimeout)) {
    throw std::runtime_error("docker-registry did not start: " + registry_->log());
  }
  proxy_ = std::make_unique<CountingProxy>(registry_port_);
}

LocalRegistry::~LocalRegistry() {
  proxy_.reset();
  registry_.reset();
  token_server_.reset();
}

std::string LocalRegistry::host() const { return "127.0.0.1:" + std::to_string(proxy_->port()); }

std::string LocalRegistry::push_image(const std::string& repo, const std::string& tag, const ImageSpec& spec) {
  auto& builder = ImageBuilder::instance();
  auto local = builder.local_image(spec);
  return builder.push(local, {host() + "/" + repo + ":" + tag, username_, password_}, false);
}

PushedIndex LocalRegistry::push_index(const std::string& repo, const std::string& tag,
                                      const std::vector<ImageSpec>& platforms, Attestation attestation) {
  auto& builder = ImageBuilder::instance();
  std::string list = "localhost/flypin-testbed-list-" + core::random_hex(6);
  builder.buildah({"manifest", "create", list});
  for (const auto& spec : platforms) {
    builder.buildah({"manifest", "add", list, "containers-storage:" + builder.local_image(spec)});
  }
  if (attestation == Attestation::kInclude) {
    ImageSpec att;
    att.cmd = {"/bin/busybox", "true"};
    att.os = "unknown";
    att.architecture = "unknown";
    att.labels["flypin.test"] = "attestation";
    builder.buildah({"manifest", "add", "--os", "unknown", "--arch", "unknown", "--annotation",
                     "vnd.docker.reference.type=attestation-manifest", list,
                     "containers-storage:" + builder.local_image(att)});
  }
  PushedIndex pushed;
  pushed.digest = builder.push(list, {host() + "/" + repo + ":" + tag, username_, password_}, true);
  builder.buildah({"manifest", "rm", list});

  // Read the index back to learn the digests of the entries as pushed.
  auto raw = ImageBuilder::run({"skopeo", "inspect", "--raw", "--tls-verify=false", "--creds",
                                username_ + ":" + password_, "docker://" + host() + "/" + repo + "@" + pushed.digest});
  auto doc = core::json::parse(raw, "index");
  if (!doc.ok()) throw std::runtime_error("cannot parse pushed index: " + raw);
  const auto* manifests = core::json::get_array(*doc, "manifests");
  if (manifests == nullptr) throw std::runtime_error("pushed index has no manifests: " + raw);
  for (const auto& entry : manifests->GetArray()) {
    auto digest = core::json::get_string(entry, "digest").value_or("");
    const auto* platform = core::json::get_object(entry, "platform");
    bool unknown = platform != nullptr && core::json::get_string(*platform, "os").value_or("") == "unknown";
    if (unknown) {
      pushed.attestation = digest;
    } else {
      pushed.manifests.push_back(digest);
    }
  }
  return pushed;
}

namespace {

// PUT .../blobs/uploads/...: the request that completes a blob upload.
size_t completed_uploads(const std::vector<std::string>& seen, size_t since, const std::string& hex) {
  size_t n = 0;
  for (size_t i = since; i < seen.size(); ++i) {
    n += seen[i].rfind("PUT ", 0) == 0 && seen[i].find("/blobs/uploads/") != std::string::npos &&
         seen[i].find(hex) != std::string::npos;
  }
  return n;
}

}  // namespace

size_t LocalRegistry::blob_uploads(const std::string& digest, size_t since) const {
  return completed_uploads(requests(), since, digest.substr(digest.find(':') + 1));
}

size_t LocalRegistry::blob_uploads(size_t since) const { return completed_uploads(requests(), since, ""); }

std::vector<std::string> LocalRegistry::layers(const std::string& image) const {
  core::ProcessSpec spec;
  spec.argv = {"skopeo",           "inspect", "--raw", "--tls-verify=false", "--creds", username_ + ":" + password_,
               "docker://" + image};
  core::SystemProcessRunner runner;
  auto result = runner.run(spec);
  std::vector<std::string> out;
  if (!result.ok() || result->exit_code != 0) return out;
  auto doc = core::json::parse(result->stdout_data, "manifest");
  if (!doc.ok() || !doc->IsObject()) return out;
  if (const auto* list = core::json::get_array(*doc, "layers")) {
    for (const auto& l : list->GetArray()) out.push_back(core::json::get_string(l, "digest").value_or(""));
  }
  return out;
}

size_t LocalRegistry::requests_seen() const { return proxy_->count(); }

std::vector<std::string> LocalRegistry::requests() const { return proxy_->requests(); }

size_t LocalRegistry::token_requests() const {
  if (mode_ != AuthMode::kToken) return 0;
  httplib::Client client("127.0.0.1", token_port_);
  auto res = client.Get("/stats");
  if (!res || res->status != 200) throw std::runtime_error("token server /stats failed");
  auto doc = core::json::parse(res->body, "stats");
  if (!doc.ok()) throw std::runtime_error("token server /stats: " + res->body);
  return static_cast<size_t>(core::json::get_int(*doc, "token_requests").value_or(0));
}

std::string LocalRegistry::token_realm() const {
  return mode_ == AuthMode::kToken ? "http://127.0.0.1:" + std::to_string(token_port_) + "/token" : "";
}

std::string LocalRegistry::log() const {
  std::string out = registry_ ? registry_->log() : "";
  if (token_server_) out += "\n--- token server ---\n" + token_server_->log();
  return out;
}

std::string LocalRegistry::storage_dir() const { return dir_->file("storage"); }

}  // namespace flypin::testbed
