#include "support/hostile/scripted_apis.h"

#include "core/crypto.h"
#include "core/json.h"

namespace flypin::hostile {

ScriptedImage::ScriptedImage() {
  config = R"({"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}})";
  config_digest = "sha256:" + core::sha256_hex(config);
  manifest = R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":)"
             R"("application/vnd.oci.image.config.v1+json","digest":")" +
             config_digest + R"(","size":)" + std::to_string(config.size()) + R"(},"layers":[]})";
  manifest_digest = "sha256:" + core::sha256_hex(manifest);
}

Routes& serve_image(Routes& routes, const ScriptedImage& image) {
  const std::string base = std::string("/v2/") + kRepository;
  auto manifest = [image](const Request& r, Conn& c) {
    HeaderList headers{{"Content-Type", "application/vnd.oci.image.manifest.v1+json"},
                       {"Docker-Content-Digest", image.manifest_digest}};
    if (r.method == "HEAD") {
      headers.emplace_back("Content-Length", std::to_string(image.manifest.size()));
      c.respond(200, headers);
    } else {
      c.respond(200, headers, image.manifest);
    }
  };
  routes.on("GET", base + "/manifests/", manifest).on("HEAD", base + "/manifests/", manifest);
  routes.on("GET", base + "/blobs/" + image.config_digest, [image](const Request&, Conn& c) {
    c.respond(200, {{"Content-Type", "application/octet-stream"}}, image.config);
  });
  return routes;
}

Routes& ScriptedSupabase::serve(Routes& routes) {
  routes.on("GET", secrets_path(), [this](const Request& r, Conn& c) { list(r, c); });
  routes.on("POST", secrets_path(), [this](const Request& r, Conn& c) { upsert(r, c); });
  return routes;
}

namespace {
bool authorised(const Request& r, Conn& c) {
  if (r.header("Authorization") == std::string("Bearer ") + kSupabaseToken) return true;
  c.respond(401, {{"Content-Type", "application/json"}}, R"({"message":"Unauthorized"})");
  return false;
}
}  // namespace

void ScriptedSupabase::list(const Request& r, Conn& c) {
  if (!authorised(r, c)) return;
  std::string body = "[";
  {
    std::lock_guard lock(mutex_);
    for (const auto& [name, value] : secrets_) {
      body += (body.size() > 1 ? "," : "") + std::string(R"({"name":)") + core::json::quote(name) + R"(,"value":")" +
              core::sha256_hex(value) + "\"" +
              (updated_at_.empty() ? std::string() : ",\"updated_at\":" + core::json::quote(updated_at_)) + "}";
    }
  }
  c.respond(200, {{"Content-Type", "application/json"}}, body + "]");
}

void ScriptedSupabase::upsert(const Request& r, Conn& c) {
  if (!authorised(r, c)) return;
  auto doc = core::json::parse(r.body, "secrets body");
  if (!doc.ok() || !doc->IsArray()) {
    c.respond(400, {{"Content-Type", "application/json"}}, R"({"message":"bad body"})");
    return;
  }
  std::lock_guard lock(mutex_);
  ++writes_;
  for (const auto& item : doc->GetArray()) {
    auto name = core::json::get_string(item, "name");
    auto value = core::json::get_string(item, "value");
    if (name && value) secrets_[*name] = *value;
  }
  c.respond(201, {{"Content-Type", "application/json"}}, "{}");
}

std::string ScriptedSupabase::value(const std::string& name) const {
  std::lock_guard lock(mutex_);
  auto it = secrets_.find(name);
  return it == secrets_.end() ? "" : it->second;
}

void ScriptedSupabase::seed(const std::string& name, const std::string& value) {
  std::lock_guard lock(mutex_);
  secrets_[name] = value;
}

void ScriptedSupabase::set_updated_at(std::string text) {
  std::lock_guard lock(mutex_);
  updated_at_ = std::move(text);
}

int ScriptedSupabase::writes() const {
  std::lock_guard lock(mutex_);
  return writes_;
}

std::string image_ref(const ScriptedServer& registry) {
  return registry.host() + "/" + kRepository + ":" + kDeploymentTag;
}

std::map<std::string, std::string> pin_env(const std::string& supabase_url) {
  return {{"SUPABASE_API_URL", supabase_url}, {"SUPABASE_ACCESS_TOKEN", kSupabaseToken}};
}

MeasuredRun run_pin_image(const std::string& image, const std::string& supabase_url,
                          const std::vector<std::string>& extra_args,
                          const std::map<std::string, std::string>& extra_env) {
  std::vector<std::string> args{"--image", image, "--project-ref", kProjectRef};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  auto env = pin_env(supabase_url);
  for (const auto& [k, v] : extra_env) env[k] = v;
  return run_measured("pin-image", args, env, std::chrono::seconds(90));
}

}  // namespace flypin::hostile
