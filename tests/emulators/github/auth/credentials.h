#pragma once
// The token in an Authorization header, in the forms GitHub's REST API takes:
// "Bearer T", "token T", and Basic with the token as password (or as user
// with "x-oauth-basic"/an empty password).

#include <string>

namespace flypin::emulators::github {

struct Credentials {
  bool present = false;  // an Authorization header came
  std::string scheme;    // lowercase: "bearer", "token", "basic", or what came
  std::string token;     // empty when none could be read
};

Credentials read_credentials(const std::string& authorization_header, bool present);

}  // namespace flypin::emulators::github
