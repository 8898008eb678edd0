#include "core/version.h"

namespace flypin::core {

const char* version() { return FLYPIN_VERSION; }

}  // namespace flypin::core
