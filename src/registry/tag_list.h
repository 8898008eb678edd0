#pragma once
// A repository's tags from the registry (distribution spec, "Listing Tags"):
// GET /v2/<name>/tags/list?n=<n>[&last=<last>], following
// `Link: <...>; rel="next"` on the registry's own origin (no Link: that was
// all; distribution 2.8 ignores `n` and sends every tag at once). Through the
// registry's AuthSession with pull scope, like every other registry call.
// Not every registry serves the list (or lets a pull token read it): 404,
// 405 and 501 are an answer, "not served", and callers fall back.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/http.h"
#include "core/result.h"
#include "registry/auth.h"
#include "registry/reference.h"

namespace flypin::registry {

struct TagListOptions {
  int page_size = 100;  // n
  int max_pages = 100;
  /// Per page: 100 tags of at most 128 characters fit in 16 KiB.
  std::size_t max_body = 1 * core::kMiB;
};

enum class TagListing { kServed, kNotServed };
enum class MoreTags { kNo, kYes };

struct TagList {
  TagListing listing = TagListing::kServed;
  std::string why_not;            // for kNotServed: the registry's answer, one line
  std::vector<std::string> tags;  // as served (not necessarily sorted), each once
  MoreTags more = MoreTags::kNo;  // the page cap stopped the reading
};

/// The tags of `repository` (its domain and path; tag and digest are ignored).
core::Result<TagList> list_tags(AuthSession& session, const Reference& repository, const TagListOptions& options = {});

/// {"name": "...", "tags": [...]} (tags may be null): the tags.
core::Result<std::vector<std::string>> parse_tag_list(std::string_view body);

}  // namespace flypin::registry
