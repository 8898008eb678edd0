#include "registry/challenge.h"

#include <cctype>

namespace flypin::registry {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~/:").find(c) != std::string_view::npos;
}

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  void skip_space_and_commas() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == ',')) ++i_;
  }
  bool done() const { return i_ >= s_.size(); }
  char peek() const { return done() ? '\0' : s_[i_]; }
  void advance() { ++i_; }
  size_t pos() const { return i_; }
  void reset(size_t p) { i_ = p; }
  std::string token() {
    size_t start = i_;
    while (i_ < s_.size() && is_token_char(s_[i_]) && s_[i_] != '=') ++i_;
    return std::string(s_.substr(start, i_ - start));
  }
  std::string value() {
    if (peek() != '"') {
      size_t start = i_;
      while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != ' ' && s_[i_] != '\t') ++i_;
      return std::string(s_.substr(start, i_ - start));
    }
    ++i_;
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      if (s_[i_] == '\\' && i_ + 1 < s_.size()) ++i_;
      out.push_back(s_[i_++]);
    }
    if (i_ < s_.size()) ++i_;  // closing quote
    return out;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace

std::string Challenge::param(const std::string& key) const {
  auto it = params.find(key);
  return it == params.end() ? "" : it->second;
}

std::vector<Challenge> parse_challenges(std::string_view header) {
  std::vector<Challenge> out;
  Scanner sc(header);
  while (true) {
    sc.skip_space_and_commas();
    if (sc.done()) break;
    std::string scheme = sc.token();
    if (scheme.empty()) {
      sc.advance();  // skip junk
      continue;
    }
    Challenge ch{lower(scheme), {}};
    while (true) {
      sc.skip_space_and_commas();
      if (sc.done()) break;
      size_t mark = sc.pos();
      std::string key = sc.token();
      sc.skip_space();
      if (key.empty() || sc.peek() != '=') {
        sc.reset(mark);  // a new scheme begins here
        break;
      }
      sc.advance();
      sc.skip_space();
      ch.params[lower(key)] = sc.value();
    }
    out.push_back(std::move(ch));
  }
  return out;
}

std::optional<Challenge> find_challenge(const std::vector<std::string>& headers, std::string_view scheme) {
  for (const auto& h : headers) {
    for (auto& ch : parse_challenges(h)) {
      if (ch.scheme == scheme) return ch;
    }
  }
  return std::nullopt;
}

}  // namespace flypin::registry
