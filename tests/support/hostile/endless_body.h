#pragma once
// A 200 whose JSON body begins with `opening` and never ends: blanks until the
// client hangs up or the server stops.

#include <string>
#include <string_view>

#include "support/hostile/scripted_server.h"

namespace flypin::hostile {

inline void endless_json(Conn& c, std::string_view opening) {
  c.respond_head(200, {{"Content-Type", "application/json"}, {"Connection", "close"}});
  const std::string blanks(64 * 1024, ' ');
  if (c.write(opening)) {
    while (c.serving() && c.write(blanks)) {
    }
  }
  c.close();
}

}  // namespace flypin::hostile
