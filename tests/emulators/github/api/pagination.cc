#include "emulators/github/api/pagination.h"

#include <algorithm>
#include <charconv>
#include <optional>

namespace flypin::emulators::github {

namespace {

constexpr int kDefaultPerPage = 30;
constexpr int kMaxPerPage = 100;

std::optional<int> positive(const std::optional<std::string>& text) {
  if (!text || text->empty()) return std::nullopt;
  long long value = 0;
  const auto* first = text->data();
  const auto* last = text->data() + text->size();
  auto [end, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || end != last || value < 1) return std::nullopt;
  return static_cast<int>(std::min<long long>(value, 1'000'000'000));
}

}  // namespace

PageRequest page_request(const QueryString& query) {
  PageRequest out;
  out.per_page = std::min(positive(query.get("per_page")).value_or(kDefaultPerPage), kMaxPerPage);
  out.page = positive(query.get("page")).value_or(1);
  return out;
}

PageSlice page_slice(size_t total, PageRequest request) {
  PageSlice out;
  const size_t per_page = static_cast<size_t>(request.per_page);
  out.last_page = std::max<int>(1, static_cast<int>((total + per_page - 1) / per_page));
  out.begin = std::min(total, per_page * static_cast<size_t>(request.page - 1));
  out.end = std::min(total, out.begin + per_page);
  return out;
}

std::string link_header(const std::string& collection_url, const QueryString& query, PageRequest request,
                        size_t total) {
  const PageSlice slice = page_slice(total, request);
  if (total == 0 || (slice.last_page == 1 && request.page == 1)) return "";
  std::string out;
  auto add = [&](int page, const char* rel) {
    if (!out.empty()) out += ", ";
    out += "<" + collection_url + "?" + query.with("page", std::to_string(page)) + ">; rel=\"" + rel + "\"";
  };
  if (request.page > 1) add(request.page - 1, "prev");
  if (request.page < slice.last_page) {
    add(request.page + 1, "next");
    add(slice.last_page, "last");
  }
  if (request.page > 1) add(1, "first");
  return out;
}

}  // namespace flypin::emulators::github
