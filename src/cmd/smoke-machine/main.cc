#include "cmd/common/run_program.h"
#include "cmd/smoke-machine/program.h"

int main(int argc, char** argv) { return flypin::cmd::run_program<flypin::cmd::smoke_machine::Program>(argc, argv); }
