// The subcommands of the modelgate binary. Each lives in its own cmd_<name>.cc and adds itself
// to the CLI11 app; main() runs the one the user picked.
//
// Contract for a command:
//  - Add<Name>Command(app, runner) declares the subcommand, its options and help text, and on
//    selection stores its action in runner.action.
//  - The action returns the process exit code: 0 approved/clean/ok, 1 rejected/unsafe,
//    2 usage or input error, 3 job not usable, 4 internal error (docs/cli.md).
//  - Errors are printed by ReportError() as one line: "modelgate: error: <message>".
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

#include "core/status.h"

namespace mg::cli {

struct Runner {
  std::function<int()> action;
};

// Prints st as one line on stderr and returns its exit code.
int ReportError(const Status& st);

void AddValidateCommand(CLI::App& app, Runner& runner);
void AddPredictCommand(CLI::App& app, Runner& runner);
void AddInspectCommand(CLI::App& app, Runner& runner);
void AddRegistryCommand(CLI::App& app, Runner& runner);
void AddMetricsCommand(CLI::App& app, Runner& runner);
void AddJobsCommand(CLI::App& app, Runner& runner);
void AddStatusCommand(CLI::App& app, Runner& runner);
void AddLogsCommand(CLI::App& app, Runner& runner);

}  // namespace mg::cli
