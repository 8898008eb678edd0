#pragma once
// A builder turns a BuildRequest into the commands to run and reads back the
// digest it reports. Running them is the caller's job (through ProcessRunner),
// so command formation is testable without any tool installed.
#include <optional>
#include <string>
#include <vector>

#include "builders/build_request.h"
#include "core/process.h"
#include "core/result.h"

namespace flypin::build {

enum class BuilderKind { kAuto, kBuildah, kDocker, kFlyctl };

const char* builder_name(BuilderKind kind);
core::Result<BuilderKind> parse_builder_kind(const std::string& text);

class Builder {
 public:
  virtual ~Builder() = default;
  virtual BuilderKind kind() const = 0;
  /// Steps run in order; the build fails at the first build or push step that
  /// exits non-zero (a cache step's failure is a warning).
  virtual std::vector<BuildStep> commands(const BuildRequest& request, const Workspace& workspace) const = 0;
  /// What the builder can do with a build cache here.
  virtual CacheSupport cache_support() const = 0;
  /// The digest the tool reported (nullopt when it reports none), from the
  /// output of its build and push steps.
  virtual core::Result<std::optional<std::string>> reported_digest(const std::string& output,
                                                                   const Workspace& workspace) const = 0;
};

/// The first `sha256:<64 hex>` in text, when present.
std::optional<std::string> find_sha256_digest(const std::string& text);

/// The digest a `docker push`-style line names ("<tag>: digest: sha256:... size: N"), the last one in output.
std::optional<std::string> pushed_digest(const std::string& output);

}  // namespace flypin::build
