// bin/<app id>: one service beside its Dapr sidecar, and its operator
// commands (host/commands.h). This file is compiled once per service of
// services/registry.cpp, with TODO_APP_ID naming it (src/CMakeLists.txt).
#include "host/commands.h"

#ifndef TODO_APP_ID
#error "TODO_APP_ID must name the service this executable hosts"
#endif

int main(int argc, char** argv) { return todo::host::run_command_line(argc, argv, TODO_APP_ID); }
