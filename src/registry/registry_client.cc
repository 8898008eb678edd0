#include "registry/registry_client.h"

#include "core/json.h"
#include "core/redact.h"
#include "registry/digest.h"

namespace flypin::registry {

namespace {

constexpr const char* kApi = "registry";
constexpr int kMaxRedirects = 3;
// distribution refuses to store larger manifests, and so do containerd and crane.
constexpr std::size_t kManifestMaxBody = 4 * core::kMiB;

std::vector<std::string> error_codes(const std::string& body) {
  std::vector<std::string> codes;
  auto doc = core::json::parse(body, "registry error");
  if (!doc.ok() || !doc->IsObject()) return codes;
  if (const auto* errors = core::json::get_array(*doc, "errors")) {
    for (const auto& e : errors->GetArray()) {
      if (e.IsObject()) {
        if (auto code = core::json::get_string(e, "code")) codes.push_back(*code);
      }
    }
  }
  return codes;
}

std::string what(const Reference& ref) {
  return ref.pinned_by_digest() ? "digest '" + ref.digest + "'" : "tag '" + ref.tag + "'";
}

core::Error response_error(const core::HttpRequest& req, const core::HttpResponse& res, const Reference& ref,
                           const std::string& credential_source, const std::string& object) {
  std::string where = "repository '" + ref.path + "' on registry " + ref.domain;
  core::Error e;
  if (res.status == 404) {
    e = core::http_error(req, res, object + " not found in " + where);
    e.kind = core::ErrorKind::kNotFound;
  } else if (res.status == 401 || res.status == 403) {
    e = core::http_error(req, res,
                         "registry " + ref.domain + " refused access to " + where + " (HTTP " +
                             std::to_string(res.status) + ") using credentials from " + credential_source);
  } else {
    e = core::http_error(
        req, res,
        "registry " + ref.domain + " answered HTTP " + std::to_string(res.status) + " for " + object + " in " + where);
  }
  e.codes = error_codes(res.body);
  return e;
}

// A digest the registry hands us (a header, a manifest's config) is only used once we could verify it.
core::Result<Digest> registry_digest(const std::string& text, const std::string& registry, const std::string& what) {
  auto digest = parse_digest(text);
  if (!digest.ok()) {
    return core::Error::check("registry " + registry + " names digest '" + text + "' for " + what + ": " +
                              digest.error().message);
  }
  return digest;
}

core::Status verify_digest(const std::string& body, const std::string& expected, const std::string& what) {
  auto digest = parse_digest(expected);
  if (!digest.ok()) return core::Error::check(what + " has digest " + expected + ": " + digest.error().message);
  if (!digest->matches(body)) {
    return core::Error::check(what + " does not match its digest: expected " + expected + ", got " +
                              digest_of(body, digest->algorithm).str());
  }
  return core::ok_status();
}

std::string platform_list(const std::vector<Platform>& platforms) {
  std::string out;
  for (const auto& p : platforms) out += (out.empty() ? "" : ", ") + p.str();
  return out.empty() ? "none" : out;
}

}  // namespace

RegistryClient::RegistryClient(core::HttpClient& http, CredentialResolver& creds) : http_(http), creds_(creds) {}

template <class T>
core::Result<T> RegistryClient::noted(const Reference& ref, core::Result<T> result) {
  if (!result.ok()) http_.note(ref.domain, result.error());
  return result;
}

core::Result<AuthSession*> RegistryClient::session_for(const Reference& ref) {
  if (auto refused = http_.refusal(ref.domain)) return *refused;
  auto& slot = sessions_[ref.domain];
  if (!slot) {
    auto cred = creds_.resolve(ref.domain);
    if (!cred.ok()) return std::move(cred).error();
    slot = std::make_unique<AuthSession>(http_, std::move(cred).value(), ref.api_base());
  }
  return slot.get();
}

core::Result<std::string> RegistryClient::image_created(const Reference& ref, const std::string& manifest_digest) {
  return noted(ref, created_now(ref, manifest_digest));
}

core::Result<std::string> RegistryClient::created_now(const Reference& ref, const std::string& manifest_digest) {
  auto session = session_for(ref);
  if (!session.ok()) return std::move(session).error();
  AuthSession& auth = **session;
  Reference at = ref;
  at.tag.clear();
  at.digest = manifest_digest;
  core::HttpRequest req{.method = "GET",
                        .url = ref.api_base() + "/v2/" + ref.path + "/manifests/" + manifest_digest,
                        .api = kApi,
                        .max_body = kManifestMaxBody};
  req.headers.set("Accept", manifest_accept());
  auto res = auth.send(req, ref.pull_scope());
  if (!res.ok()) return std::move(res).error();
  if (!res->success()) return response_error(req, *res, at, auth.credential().source, what(at));
  if (auto st = verify_digest(res->body, manifest_digest, "manifest of " + at.str()); !st.ok()) return st.error();
  auto manifest = parse_manifest(res->body, res->headers.get("Content-Type").value_or(""));
  if (!manifest.ok()) return std::move(manifest).error();
  if (manifest->is_index) return core::Error::check(at.str() + " is an index, not a single image");
  auto config_digest = registry_digest(manifest->config_digest, ref.domain, "the config of " + at.str());
  if (!config_digest.ok()) return std::move(config_digest).error();
  auto blob = fetch_blob(auth, at, config_digest->str());
  if (!blob.ok()) return std::move(blob).error();
  if (auto st = verify_digest(blob->body, manifest->config_digest, "config blob of " + at.str()); !st.ok())
    return st.error();
  return parse_config_created(blob->body);
}

core::Status RegistryClient::check_access(const Reference& ref, const core::RetryPolicy& retry) {
  auto session = session_for(ref);
  if (!session.ok()) return std::move(session).error();
  AuthSession& auth = **session;
  core::HttpRequest req{
      .method = "HEAD",
      .url = ref.api_base() + "/v2/" + ref.path + "/manifests/" + (ref.digest.empty() ? ref.tag : ref.digest),
      .api = kApi};
  req.headers.set("Accept", manifest_accept());
  req.retry = retry;
  auto res = auth.send(req, ref.pull_scope());
  if (!res.ok()) return std::move(res).error();
  if (res->success() || res->status == 404) return core::ok_status();
  return response_error(req, *res, ref, auth.credential().source, what(ref));
}

core::Result<TagList> RegistryClient::list_tags(const Reference& ref, const TagListOptions& options) {
  auto session = session_for(ref);
  if (!session.ok()) return std::move(session).error();
  return noted(ref, registry::list_tags(**session, ref, options));
}

core::Result<core::HttpResponse> RegistryClient::fetch_blob(AuthSession& session, const Reference& ref,
                                                            const std::string& digest) {
  core::HttpRequest req{.method = "GET", .url = ref.api_base() + "/v2/" + ref.path + "/blobs/" + digest, .api = kApi};
  auto res = session.send(req, ref.pull_scope());
  // Blob stores redirect to storage elsewhere; the session attaches no Authorization off the registry's origin.
  for (int i = 0; i < kMaxRedirects && res.ok() && res->status >= 300 && res->status < 400; ++i) {
    auto location = res->headers.get("Location");
    if (!location) break;
    std::string next = location->rfind("/", 0) == 0 ? ref.api_base() + *location : *location;
    auto from = origin_of(req.url);
    auto to = origin_of(next);
    if (!to) {
      return core::Error::check("registry " + ref.domain + " redirected config blob " + digest + " to '" +
                                core::redact_url(next) + "', which is not an http(s) URL");
    }
    if (from && is_downgrade(*from, *to)) {
      return core::Error::check("registry " + ref.domain + " redirected config blob " + digest + " from https to '" +
                                core::redact_url(next) + "': refusing to downgrade to plain http");
    }
    req.url = std::move(next);
    res = session.send(req, ref.pull_scope());
  }
  if (!res.ok()) return res;
  if (!res->success()) return response_error(req, *res, ref, session.credential().source, "config blob " + digest);
  return res;
}

core::Result<ResolvedImage> RegistryClient::resolve(const Reference& ref, const std::optional<Platform>& platform) {
  return noted(ref, resolve_now(ref, platform));
}

core::Result<ResolvedImage> RegistryClient::resolve_now(const Reference& ref, const std::optional<Platform>& platform) {
  auto session = session_for(ref);
  if (!session.ok()) return std::move(session).error();
  AuthSession& auth = **session;
  const std::string scope = ref.pull_scope();
  const std::string target = ref.pinned_by_digest() ? ref.digest : ref.tag;

  core::HttpRequest req{.method = platform ? "GET" : "HEAD",
                        .url = ref.api_base() + "/v2/" + ref.path + "/manifests/" + target,
                        .api = kApi,
                        .max_body = kManifestMaxBody};
  req.headers.set("Accept", manifest_accept());
  auto res = auth.send(req, scope);
  if (!res.ok()) return std::move(res).error();
  if (req.method == "HEAD" && (res->status == 405 || (res->success() && !res->headers.get("Docker-Content-Digest")))) {
    req.method = "GET";
    res = auth.send(req, scope);
    if (!res.ok()) return std::move(res).error();
  }
  if (!res->success()) return response_error(req, *res, ref, auth.credential().source, what(ref));

  ResolvedImage out;
  out.credential_source = auth.credential().source;
  out.media_type = res->headers.get("Content-Type").value_or("");
  auto header_digest = res->headers.get("Docker-Content-Digest").value_or("");
  if (req.method == "HEAD") {
    if (ref.pinned_by_digest() && header_digest != ref.digest) {
      return core::Error::check("registry " + ref.domain + " reports digest " + header_digest + " for " + ref.str());
    }
    auto reported = registry_digest(header_digest, ref.domain, ref.str());
    if (!reported.ok()) return std::move(reported).error();
    out.digest = reported->str();
    out.is_index = is_index_media_type(out.media_type);
    return out;
  }

  out.digest = ref.pinned_by_digest() ? ref.digest : digest_of(res->body).str();
  if (auto st = verify_digest(res->body, out.digest, "manifest of " + ref.str()); !st.ok()) return st.error();
  if (!header_digest.empty() && header_digest != out.digest) {
    auto reported = registry_digest(header_digest, ref.domain, ref.str());
    if (!reported.ok()) return std::move(reported).error();
    if (!reported->matches(res->body)) {
      return core::Error::check("registry " + ref.domain + " reports digest " + header_digest + " for " + ref.str() +
                                " but the manifest hashes to " + out.digest);
    }
  }
  auto manifest = parse_manifest(res->body, out.media_type);
  if (!manifest.ok()) return std::move(manifest).error();
  out.media_type = manifest->media_type;
  out.is_index = manifest->is_index;
  if (!platform) return out;

  if (manifest->is_index) {
    for (const auto& e : manifest->entries) {
      if (e.attestation) continue;
      out.platforms.push_back(e.platform);
      if (!out.platform_digest && platform->matched_by(e.platform)) out.platform_digest = e.digest;
    }
    if (!out.platform_digest) {
      return core::Error::check("platform " + platform->str() + " is not in the index of " + ref.str() +
                                "; it has: " + platform_list(out.platforms));
    }
    return out;
  }

  auto config_digest = registry_digest(manifest->config_digest, ref.domain, "the config of " + ref.str());
  if (!config_digest.ok()) return std::move(config_digest).error();
  auto blob = fetch_blob(auth, ref, config_digest->str());
  if (!blob.ok()) return std::move(blob).error();
  if (auto st = verify_digest(blob->body, manifest->config_digest, "config blob of " + ref.str()); !st.ok()) {
    return st.error();
  }
  auto config_platform = parse_config_platform(blob->body);
  if (!config_platform.ok()) return std::move(config_platform).error();
  out.platforms = {*config_platform};
  out.created = parse_config_created(blob->body);
  if (!platform->matched_by(*config_platform)) {
    return core::Error::check("image " + ref.str() + " is built for " + config_platform->str() + ", not " +
                              platform->str());
  }
  out.platform_digest = out.digest;
  return out;
}

}  // namespace flypin::registry
