#pragma once
// The command line of every executable: todo-platform and bin/<app id>.
//
//   <exe>                                   serve until SIGTERM/SIGINT
//   <exe> migrate                           apply database migrations and exit
//   <exe> deadletters list [--all] [--subscriber <app id>]
//   <exe> deadletters replay <id> [--wait <seconds>]
//   <exe> deadletters replay-all [--subscriber <app id>]
//   <exe> help
//
// A service's executable defaults --subscriber to its own app id.
#include <optional>
#include <string_view>

namespace todo::host {

// `app_id`: the service this executable hosts; none for todo-platform.
int run_command_line(int argc, char** argv, std::optional<std::string_view> app_id);

}  // namespace todo::host
