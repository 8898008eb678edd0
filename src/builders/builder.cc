#include "builders/builder.h"

#include <cctype>

namespace flypin::build {

const char* builder_name(BuilderKind kind) {
  switch (kind) {
    case BuilderKind::kAuto:
      return "auto";
    case BuilderKind::kBuildah:
      return "buildah";
    case BuilderKind::kDocker:
      return "docker";
    case BuilderKind::kFlyctl:
      return "flyctl";
  }
  return "?";
}

core::Result<BuilderKind> parse_builder_kind(const std::string& text) {
  for (auto kind : {BuilderKind::kAuto, BuilderKind::kBuildah, BuilderKind::kDocker, BuilderKind::kFlyctl}) {
    if (text == builder_name(kind)) return kind;
  }
  if (text == "fly") return BuilderKind::kFlyctl;
  return core::Error::usage("--builder must be one of auto, docker, buildah, flyctl (got '" + text + "')");
}

std::optional<std::string> find_sha256_digest(const std::string& text) {
  const std::string marker = "sha256:";
  for (size_t pos = text.find(marker); pos != std::string::npos; pos = text.find(marker, pos + 1)) {
    size_t start = pos + marker.size();
    size_t n = 0;
    while (start + n < text.size() && std::isxdigit(static_cast<unsigned char>(text[start + n])) &&
           !std::isupper(static_cast<unsigned char>(text[start + n]))) {
      ++n;
    }
    if (n == 64) return text.substr(pos, marker.size() + 64);
  }
  return std::nullopt;
}

std::optional<std::string> pushed_digest(const std::string& output) {
  // Other sha256 values (layer ids) appear earlier; the push names the manifest after "digest:".
  auto at = output.rfind("digest: sha256:");
  if (at == std::string::npos) return std::nullopt;
  return find_sha256_digest(output.substr(at));
}

}  // namespace flypin::build
