#include "cmd/common/run_program.h"
#include "cmd/pin-image/program.h"

int main(int argc, char** argv) { return flypin::cmd::run_program<flypin::cmd::pin_image::Program>(argc, argv); }
