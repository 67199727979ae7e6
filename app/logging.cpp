#include "app/logging.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace newswatch {

bool stderr_is_journal() {
  const char* stream = std::getenv("JOURNAL_STREAM");
  if (!stream || !*stream) return false;
  std::uintmax_t device = 0, inode = 0;
  if (std::sscanf(stream, "%ju:%ju", &device, &inode) != 2) return false;
  // Inherited by a child whose stderr was redirected elsewhere, the variable is stale: compare the file itself.
  struct stat st {};
  if (fstat(STDERR_FILENO, &st) != 0) return false;
  return static_cast<std::uintmax_t>(st.st_dev) == device && static_cast<std::uintmax_t>(st.st_ino) == inode;
}

std::string log_pattern(bool journal) {
  return journal ? "%l %n: %v" : "%Y-%m-%d %H:%M:%S.%e %l %n: %v";
}

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_logger_mt("newswatch");
  logger->set_pattern(log_pattern(stderr_is_journal()));
  std::string chosen = level;
  if (const char* env = std::getenv("NEWSWATCH_LOG"); env && *env) chosen = env;
  auto parsed = spdlog::level::from_str(chosen);
  // spdlog reads an unknown name as "off": a typo must not silence the log.
  const bool unknown = parsed == spdlog::level::off && chosen != "off";
  logger->set_level(unknown ? spdlog::level::info : parsed);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(std::move(logger));
  if (unknown) spdlog::warn("unknown log level '{}' (from $NEWSWATCH_LOG or --log-level): using info", chosen);
}

}  // namespace newswatch
