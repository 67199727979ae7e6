// `newswatch migrate --from FILE --to URI`: moves a SQLite database to PostgreSQL (store/copy_database.cpp does
// the copy). The service should be stopped first: the copy reads one snapshot of the file, and what a running
// service writes after it would stay behind.

#include <iostream>

#include <fmt/format.h>

#include "app/cli.h"
#include "app/commands.h"
#include "store/copy_database.h"

namespace newswatch {

int cmd_migrate(const MigrateOptions& options) {
  const StoreSecrets secrets{options.password_file.value_or("")};
  auto report = copy_database(options.from, options.to, secrets);
  if (!report) {
    std::cerr << "newswatch migrate: " << report.error().message << "\n";
    return report.error().kind == ErrorKind::usage ? k_exit_usage : k_exit_failure;
  }
  std::cout << fmt::format("copied {} (schema version {}) to {}:\n", options.from, report->schema_version,
                           loggable_database(options.to));
  for (const auto& [table, rows] : report->tables) std::cout << fmt::format("  {:<16} {:>10} rows\n", table, rows);
  std::cout << fmt::format(
      "next: set [service] database = \"{}\" in the config (a password in password_file), then start the service; "
      "keep {} until the first crawls look right\n",
      loggable_database(options.to), options.from);
  return k_exit_ok;
}

}  // namespace newswatch
