#include "app/logging.h"

#include <cstdlib>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace newswatch {

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_logger_mt("newswatch");
  logger->set_pattern("%l %n: %v");
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
