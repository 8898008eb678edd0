#pragma once
// buildah turns every --label into a LABEL step of its own at the end of the
// build. With --layers each such step is a commit and, with --cache-to, a
// cache image pushed to the registry, and the OCI labels (created, revision)
// change with every build, so none of them is ever taken from the cache: a
// deploy with three labels paid three commits and three cache pushes. One
// LABEL instruction in a second Containerfile is one step.
#include <optional>
#include <string>
#include <vector>

#include "builders/build_request.h"

namespace flypin::build {

/// `LABEL "k"="v" ...` and a line break, every key and value literal (no
/// variable is expanded, as with docker's --label); nullopt when there is no
/// label, or one holds a line break, which no Containerfile line can carry.
std::optional<std::string> label_instruction(const std::vector<KeyValue>& labels);

/// The Containerfile buildah reads when given none: `Containerfile` in the
/// context, else `Dockerfile`.
std::string default_containerfile(const std::string& context);

}  // namespace flypin::build
