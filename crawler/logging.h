#pragma once
// spdlog set-up: one stderr sink, pattern "%l %n: %v" (journald stamps the time).

#include <string>

namespace newswatch {

/// Configures the default logger; `level` is an spdlog level name ("info", "debug", ...).
/// $NEWSWATCH_LOG overrides it when set.
void setup_logging(const std::string& level);

/// A URL fit for a log line: scheme, host and path only (query strings and
/// userinfo can carry tokens; webhook paths often do, so `redact_path` keeps only the host).
std::string loggable_url(const std::string& url, bool redact_path = false);

}  // namespace newswatch
