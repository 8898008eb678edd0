#pragma once
// GitHub's page-number pagination: `per_page` (default 30, at most 100) and
// `page` (from 1), and the Link header that names the other pages
// (https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api).

#include <cstddef>
#include <string>

#include "emulators/github/api/query_string.h"

namespace flypin::emulators::github {

struct PageRequest {
  int per_page = 30;
  int page = 1;
};

/// Values that are absent, not numbers or below 1 fall back to the defaults;
/// per_page above 100 is 100.
PageRequest page_request(const QueryString& query);

struct PageSlice {
  size_t begin = 0;  // index range [begin, end) of the whole list
  size_t end = 0;
  int last_page = 1;
};

PageSlice page_slice(size_t total, PageRequest request);

/// `<collection_url?...&page=N>; rel="prev", ...` in GitHub's order (prev,
/// next, last, first), repeating the request's other query parameters; ""
/// when everything fits on the page asked for.
std::string link_header(const std::string& collection_url, const QueryString& query, PageRequest request, size_t total);

}  // namespace flypin::emulators::github
