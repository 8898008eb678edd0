#pragma once
// flypin's version, from the VERSION file at the top of the tree (CMake passes
// it to version.cc alone, so a new version recompiles one file).

namespace flypin::core {

/// "MAJOR.MINOR.PATCH", e.g. "1.2.0".
const char* version();

}  // namespace flypin::core
