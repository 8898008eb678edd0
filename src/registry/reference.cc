#include "registry/reference.h"

#include <cctype>

#include "registry/digest.h"

namespace flypin::registry {

namespace {

constexpr size_t kPathLengthMax = 255;  // of the path, after "library/" is added (not the domain)
constexpr size_t kTagLengthMax = 128;
constexpr size_t kIdentifierLength = 64;
constexpr std::string_view kDockerHubApiHost = "registry-1.docker.io";

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_word(char c) { return is_alnum(c) || c == '_'; }
bool is_hex_lower(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// `sha256:abc`, `sha384:...`: an algorithm of go-digest's and hex digits only.
// As a reference it would be the Docker Hub image `sha256` with a tag of hex
// digits; it is a digest (or a mistyped one) given without its repository.
bool looks_like_bare_digest(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon + 1 == text.size()) return false;
  const std::string_view algorithm = text.substr(0, colon);
  if (algorithm != "sha256" && algorithm != "sha384" && algorithm != "sha512" && algorithm != "blake3") return false;
  for (char c : text.substr(colon + 1)) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// 64 lowercase hex digits name an image ID, never a repository.
bool is_identifier(std::string_view s) {
  if (s.size() != kIdentifierLength) return false;
  for (char c : s) {
    if (!is_hex_lower(c)) return false;
  }
  return true;
}

// A message about untrusted input, kept on one line: control characters as \xNN.
std::string printable(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c >= 0x20 && c != 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += {'\\', 'x', kHex[c >> 4], kHex[c & 0xf]};
    }
  }
  return out;
}

// `what`: "image reference", or "repository" for a repository alone.
core::Error invalid(std::string_view what, std::string_view text, const std::string& why) {
  return core::Error::usage(printable("invalid " + std::string(what) + " '" + std::string(text) + "': " + why));
}

// path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := [_.] | "__" | "-"+
bool valid_path_component(std::string_view c) {
  if (c.empty() || !is_lower_alnum(c.front()) || !is_lower_alnum(c.back())) return false;
  size_t i = 0;
  while (i < c.size()) {
    if (is_lower_alnum(c[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < c.size() && !is_lower_alnum(c[i])) ++i;
    std::string_view sep = c.substr(start, i - start);
    bool ok = sep == "." || sep == "_" || sep == "__" || sep.find_first_not_of('-') == std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
bool valid_domain_component(std::string_view c) {
  if (c.empty() || !is_alnum(c.front()) || !is_alnum(c.back())) return false;
  for (char ch : c) {
    if (!is_alnum(ch) && ch != '-') return false;
  }
  return true;
}

bool valid_port(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  for (char c : port) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool valid_domain(std::string_view domain) {
  std::string_view host = domain;
  if (!domain.empty() && domain.front() == '[') {
    auto close = domain.find(']');
    // Hex digits and colons only: no zone (%eth0), no embedded IPv4.
    if (close == std::string_view::npos || close < 2) return false;
    for (char c : domain.substr(1, close - 1)) {
      if (!std::isxdigit(static_cast<unsigned char>(c)) && c != ':') return false;
    }
    std::string_view rest = domain.substr(close + 1);
    if (rest.empty()) return true;
    return rest.front() == ':' && valid_port(rest.substr(1));
  }
  if (auto colon = domain.find(':'); colon != std::string_view::npos) {
    if (!valid_port(domain.substr(colon + 1))) return false;
    host = domain.substr(0, colon);
  }
  size_t start = 0;
  while (true) {
    auto dot = host.find('.', start);
    if (!valid_domain_component(host.substr(start, dot == std::string_view::npos ? dot : dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool has_upper(std::string_view s) {
  for (char c : s) {
    if (std::isupper(static_cast<unsigned char>(c))) return true;
  }
  return false;
}

}  // namespace

core::Status check_tag(std::string_view tag) {
  const std::string quoted = "image tag '" + printable(tag) + "'";
  if (tag.empty()) return core::Error::usage("the image tag is empty");
  if (tag.size() > kTagLengthMax) {
    return core::Error::usage(quoted + " is longer than " + std::to_string(kTagLengthMax) + " characters");
  }
  if (!is_word(tag.front())) return core::Error::usage(quoted + " must start with a letter, digit or '_'");
  for (char c : tag) {
    if (!is_word(c) && c != '.' && c != '-') {
      return core::Error::usage(quoted + " may only contain letters, digits, '_', '.' and '-'");
    }
  }
  return core::ok_status();
}

bool is_docker_hub_host(std::string_view host) {
  return host == kDockerHubDomain || host == "index.docker.io" || host == kDockerHubApiHost;
}

bool is_loopback_host(std::string_view host) {
  std::string_view name = host;
  if (!host.empty() && host.front() == '[') {
    auto close = host.find(']');
    return close != std::string_view::npos && host.substr(1, close - 1) == "::1";
  }
  if (auto colon = host.find(':'); colon != std::string_view::npos) name = host.substr(0, colon);
  if (name == "localhost") return true;
  if (name.rfind("127.", 0) != 0) return false;
  int dots = 0;
  for (char c : name) {
    if (c == '.') {
      ++dots;
    } else if (!std::isdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return dots == 3;
}

namespace {

core::Result<Reference> parse(std::string_view text, std::string_view what) {
  if (text.empty()) return core::Error::usage("invalid " + std::string(what) + ": it is empty");
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c))) return invalid(what, text, "contains whitespace");
  }
  if (is_identifier(text)) return invalid(what, text, "64 hex digits name an image ID, not a repository");
  if (parse_digest(text).ok())
    return invalid(what, text, "it is a digest without a repository (use repository@digest)");
  if (looks_like_bare_digest(text)) {
    auto digest = parse_digest(text);
    return invalid(what, text,
                   "it is a digest without a repository (use repository@sha256:<64 hex digits>)" +
                       (digest.ok() ? std::string() : "; and " + digest.error().message));
  }
  Reference ref;
  std::string_view rest = text;
  if (auto at = rest.find('@'); at != std::string_view::npos) {
    auto digest = parse_digest(rest.substr(at + 1));
    if (!digest.ok()) return invalid(what, text, digest.error().message);
    ref.digest = digest->str();
    rest = rest.substr(0, at);
  }
  auto last_slash = rest.rfind('/');
  auto last_colon = rest.rfind(':');
  if (last_colon != std::string_view::npos && (last_slash == std::string_view::npos || last_colon > last_slash)) {
    ref.tag = std::string(rest.substr(last_colon + 1));
    if (!check_tag(ref.tag).ok()) {
      return invalid(what, text, "tag '" + ref.tag + "' must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    }
    rest = rest.substr(0, last_colon);
  }
  if (rest.empty()) return invalid(what, text, "repository name is empty");

  std::string_view remainder = rest;
  auto slash = rest.find('/');
  std::string_view first = rest.substr(0, slash);
  bool first_is_domain =
      slash != std::string_view::npos && (first.find_first_of(".:") != std::string_view::npos || first == "localhost" ||
                                          has_upper(first) || first.front() == '[');
  if (first_is_domain) {
    ref.domain = std::string(first);
    remainder = rest.substr(slash + 1);
    if (!valid_domain(ref.domain))
      return invalid(what, text, "registry host '" + ref.domain + "' is not a valid host[:port]");
  } else {
    ref.domain = kDockerHubDomain;
  }
  if (ref.domain == "index.docker.io") ref.domain = kDockerHubDomain;
  ref.path = std::string(remainder);
  if (ref.domain == kDockerHubDomain && ref.path.find('/') == std::string::npos) ref.path = "library/" + ref.path;

  if (has_upper(ref.path)) return invalid(what, text, "repository name must be lowercase");
  size_t start = 0;
  while (true) {
    auto next = ref.path.find('/', start);
    auto component = std::string_view(ref.path).substr(start, next == std::string::npos ? next : next - start);
    if (!valid_path_component(component)) {
      return invalid(what, text,
                     "path component '" + std::string(component) +
                         "' must be lowercase letters and digits separated by '.', '_', '__' or '-'");
    }
    if (next == std::string::npos) break;
    start = next + 1;
  }
  if (ref.path.size() > kPathLengthMax) {
    return invalid(what, text, "repository path '" + ref.path.substr(0, 20) + "...' is longer than 255 characters");
  }
  if (ref.tag.empty() && ref.digest.empty()) ref.tag = "latest";
  return ref;
}

}  // namespace

core::Result<Reference> parse_reference(std::string_view text) { return parse(text, "image reference"); }

core::Result<Reference> parse_repository(std::string_view text) {
  if (text.find('@') != std::string_view::npos) return invalid("repository", text, "it takes no digest");
  const auto slash = text.rfind('/'), colon = text.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    return invalid("repository", text, "it takes no tag");
  }
  auto ref = parse(text, "repository");
  if (ref.ok()) ref->tag.clear();
  return ref;
}

std::string Reference::repository() const { return domain + "/" + path; }

std::string Reference::str() const {
  std::string out = repository();
  if (!tag.empty()) out += ":" + tag;
  if (!digest.empty()) out += "@" + digest;
  return out;
}

Reference Reference::pinned_to(std::string pinned_digest) const {
  Reference pinned = *this;
  pinned.tag.clear();
  pinned.digest = std::move(pinned_digest);
  return pinned;
}

std::string_view digest_named_in(std::string_view image) {
  const auto at = image.rfind('@');
  return at == std::string_view::npos ? std::string_view() : image.substr(at + 1);
}

std::string Reference::api_host() const { return domain == kDockerHubDomain ? std::string(kDockerHubApiHost) : domain; }

std::string Reference::pull_scope() const { return "repository:" + path + ":pull"; }

bool Reference::is_loopback() const { return is_loopback_host(domain); }

std::string Reference::api_base() const { return (is_loopback() ? "http://" : "https://") + api_host(); }

}  // namespace flypin::registry
