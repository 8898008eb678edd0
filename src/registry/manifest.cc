#include "registry/manifest.h"

#include "core/json.h"

namespace flypin::registry {

namespace {

std::string strip_params(std::string_view content_type) {
  auto semi = content_type.find(';');
  std::string out(content_type.substr(0, semi));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

Platform platform_of(const rapidjson::Value& obj) {
  return Platform{core::json::get_string(obj, "os").value_or(""),
                  core::json::get_string(obj, "architecture").value_or(""),
                  core::json::get_string(obj, "variant").value_or("")};
}

}  // namespace

std::string manifest_accept() {
  return std::string(kOciIndex) + ", " + std::string(kOciManifest) + ", " + std::string(kDockerList) + ", " +
         std::string(kDockerManifest);
}

bool is_index_media_type(std::string_view media_type) {
  auto mt = strip_params(media_type);
  return mt == kOciIndex || mt == kDockerList;
}

core::Result<Manifest> parse_manifest(std::string_view body, std::string_view content_type) {
  auto doc = core::json::parse(body, "manifest");
  if (!doc.ok()) return std::move(doc).error();
  if (!doc->IsObject())
    return core::Error{.kind = core::ErrorKind::kDecode, .message = "manifest is not a JSON object"};
  Manifest m;
  m.media_type = core::json::get_string(*doc, "mediaType").value_or(strip_params(content_type));
  const auto* manifests = core::json::get_array(*doc, "manifests");
  m.is_index = is_index_media_type(m.media_type) || (m.media_type.empty() && manifests != nullptr);
  if (m.is_index) {
    if (manifests == nullptr) return core::Error{.kind = core::ErrorKind::kDecode, .message = "index has no manifests"};
    for (const auto& e : manifests->GetArray()) {
      if (!e.IsObject()) continue;
      IndexEntry entry;
      entry.digest = core::json::get_string(e, "digest").value_or("");
      entry.media_type = core::json::get_string(e, "mediaType").value_or("");
      if (const auto* p = core::json::get_object(e, "platform"); p != nullptr && p->IsObject()) {
        entry.platform = platform_of(*p);
      }
      bool annotated = false;
      if (const auto* a = core::json::get_object(e, "annotations"); a != nullptr && a->IsObject()) {
        annotated = core::json::get_string(*a, "vnd.docker.reference.type").value_or("") == "attestation-manifest";
      }
      entry.attestation = annotated || (entry.platform.os == "unknown" && entry.platform.architecture == "unknown");
      m.entries.push_back(std::move(entry));
    }
    return m;
  }
  if (m.media_type.find("distribution.manifest.v1") != std::string::npos ||
      core::json::get_int(*doc, "schemaVersion") == 1) {
    return core::Error{.kind = core::ErrorKind::kDecode, .message = "Docker schema 1 manifests are not supported"};
  }
  const auto* config = core::json::get_object(*doc, "config");
  if (config == nullptr || !config->IsObject()) {
    return core::Error{.kind = core::ErrorKind::kDecode, .message = "image manifest has no config"};
  }
  m.config_digest = core::json::get_string(*config, "digest").value_or("");
  return m;
}

core::Result<Platform> parse_config_platform(std::string_view body) {
  auto doc = core::json::parse(body, "image config");
  if (!doc.ok()) return std::move(doc).error();
  if (!doc->IsObject())
    return core::Error{.kind = core::ErrorKind::kDecode, .message = "image config is not a JSON object"};
  return platform_of(*doc);
}

std::string parse_config_created(std::string_view body) {
  auto doc = core::json::parse(body, "image config");
  if (!doc.ok() || !doc->IsObject()) return "";
  return core::json::get_string(*doc, "created").value_or("");
}

}  // namespace flypin::registry
