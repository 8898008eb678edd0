#include "registry/tag_list.h"

#include <set>

#include "core/json.h"
#include "core/link_header.h"
#include "core/redact.h"
#include "registry/origin.h"

namespace flypin::registry {
namespace {

constexpr const char* kTagListApi = "registry";

core::Error decode_error(std::string message) {
  core::Error e;
  e.kind = core::ErrorKind::kDecode;
  e.api = kTagListApi;
  e.message = std::move(message);
  return e;
}

bool not_served(int status) { return status == 404 || status == 405 || status == 501; }

}  // namespace

core::Result<std::vector<std::string>> parse_tag_list(std::string_view body) {
  auto doc = core::json::parse(body, "registry tag list");
  if (!doc.ok()) return std::move(doc).error();
  if (!doc->IsObject()) return decode_error("the registry's tag list is not a JSON object");
  std::vector<std::string> tags;
  auto member = doc->FindMember("tags");
  if (member == doc->MemberEnd() || member->value.IsNull()) return tags;
  if (!member->value.IsArray()) return decode_error("the registry's tag list has \"tags\" that is not an array");
  for (const auto& t : member->value.GetArray()) {
    if (!t.IsString()) return decode_error("the registry's tag list holds a tag that is not a string");
    tags.emplace_back(t.GetString(), t.GetStringLength());
  }
  return tags;
}

core::Result<TagList> list_tags(AuthSession& session, const Reference& repository, const TagListOptions& options) {
  const std::string where = "repository '" + repository.path + "' on registry " + repository.domain;
  const std::string scope = "repository:" + repository.path + ":pull";
  const std::string first =
      repository.api_base() + "/v2/" + repository.path + "/tags/list?n=" + std::to_string(options.page_size);
  TagList list;
  std::set<std::string> seen;
  std::string url = first;
  for (int page = 1;; ++page) {
    if (page > options.max_pages) {
      list.more = MoreTags::kYes;
      return list;
    }
    core::HttpRequest req{.method = "GET", .url = url, .api = kTagListApi, .max_body = options.max_body};
    req.headers.set("Accept", "application/json");
    auto res = session.send(req, scope);
    if (!res.ok()) return std::move(res).error();
    if (not_served(res->status)) {
      if (page > 1)
        return core::http_error(req, *res,
                                "registry " + repository.domain + " stopped serving the tag list of " + where);
      list.listing = TagListing::kNotServed;
      list.why_not =
          "HTTP " + std::to_string(res->status) + (res->body.empty() ? "" : ": " + core::body_excerpt(res->body, 200));
      return list;
    }
    if (res->status != 200) {
      return core::http_error(req, *res,
                              "registry " + repository.domain + " answered HTTP " + std::to_string(res->status) +
                                  " for the tag list of " + where + " using credentials from " +
                                  session.credential().source);
    }
    auto tags = parse_tag_list(res->body);
    if (!tags.ok()) return std::move(tags).error();
    size_t added = 0;
    for (auto& tag : *tags) {
      if (seen.insert(tag).second) {
        list.tags.push_back(std::move(tag));
        ++added;
      }
    }
    std::optional<std::string> next;
    if (auto link = core::link_target(res->headers, "next")) {
      next = core::resolve_link(url, *link);
      auto to = next ? origin_of(*next) : std::nullopt;
      if (!to || !(*to == session.registry())) {
        return core::Error::check("registry " + repository.domain + " names the next page of the tag list of " + where +
                                  " at '" + core::redact_url(next.value_or(*link)) +
                                  "', off its own origin: not following it");
      }
    }
    if (!next || added == 0) return list;
    url = *next;
  }
}

}  // namespace flypin::registry
