#include "cmd/build-image/program.h"
#include "cmd/common/run_program.h"

int main(int argc, char** argv) { return flypin::cmd::run_program<flypin::cmd::build_image::Program>(argc, argv); }
