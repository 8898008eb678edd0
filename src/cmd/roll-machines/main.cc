#include "cmd/common/run_program.h"
#include "cmd/roll-machines/program.h"

int main(int argc, char** argv) { return flypin::cmd::run_program<flypin::cmd::roll_machines::Program>(argc, argv); }
