#pragma once
// The command line: one row per subcommand (run, once, extract, check-config,
// items, match, status, alerts, demo), parsed with CLI11.

namespace newswatch {

enum ExitCode : int { k_exit_ok = 0, k_exit_failure = 1, k_exit_usage = 2, k_exit_config = 78 };

/// Parses argv, runs the chosen command and returns the process exit code.
int run_cli(int argc, char** argv);

}  // namespace newswatch
