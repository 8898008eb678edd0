#pragma once
// Where a test finds the program it runs. The four flypin programs come from
// this build's bin/ unless FLYPIN_PROGRAM_DIR names another build's bin/: how
// a hostile test is run once against the programs of another commit (the
// branch's base) to show that it fails there. Emulators and tools always come
// from this build.

#include <string>

namespace flypin::e2e {

/// The path of `name` ("pin-image", "flypin-fly-emulator", ...); an absolute name is kept.
std::string program_path(const std::string& name);

}  // namespace flypin::e2e
