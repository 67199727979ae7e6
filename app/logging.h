#pragma once
// spdlog set-up: one stderr sink, pattern "%l %n: %v" (journald stamps the time).

#include <string>

namespace newswatch {

/// Configures the default logger; `level` is an spdlog level name ("info", "debug", ...).
/// $NEWSWATCH_LOG overrides it when set.
void setup_logging(const std::string& level);

}  // namespace newswatch
