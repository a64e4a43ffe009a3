// todo-platform: the embedded platform — every service in one process, on one
// port, on the local runtime — and its operator commands (host/commands.h).
#include "host/commands.h"

int main(int argc, char** argv) { return todo::host::run_command_line(argc, argv, std::nullopt); }
