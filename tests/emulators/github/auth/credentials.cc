#include "emulators/github/auth/credentials.h"

#include <algorithm>
#include <cctype>

#include "core/crypto.h"

namespace flypin::emulators::github {

Credentials read_credentials(const std::string& header, bool present) {
  Credentials out;
  out.present = present;
  if (!present) return out;
  const auto space = header.find(' ');
  out.scheme = header.substr(0, space);
  std::transform(out.scheme.begin(), out.scheme.end(), out.scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (space == std::string::npos) return out;
  const auto start = header.find_first_not_of(' ', space);
  const std::string rest = start == std::string::npos ? "" : header.substr(start);
  if (out.scheme == "bearer" || out.scheme == "token") {
    out.token = rest;
  } else if (out.scheme == "basic") {
    const auto decoded = core::base64_decode(rest);
    if (!decoded) return out;
    const auto colon = decoded->find(':');
    const std::string user = decoded->substr(0, colon);
    const std::string password = colon == std::string::npos ? "" : decoded->substr(colon + 1);
    out.token = password.empty() || password == "x-oauth-basic" ? user : password;
  }
  return out;
}

}  // namespace flypin::emulators::github
