#pragma once
// The Authorization header fly-go builds from a Fly token (tokens/tokens.go):
// a "Bearer " or "FlyV1 " scheme already present is stripped, the rest split
// at commas; macaroons (fm1r_, fm1a_, fm2_) are sent as "FlyV1 m1,m2" and
// other tokens dropped beside them; with no macaroon, "Bearer t1,t2".

#include <string>
#include <string_view>

namespace flypin::fly {

std::string authorization_header(std::string_view token);

}  // namespace flypin::fly
