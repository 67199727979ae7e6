#pragma once
// spdlog set-up: one stderr sink. Under journald (systemd's $JOURNAL_STREAM names
// our stderr) the pattern is "%l %n: %v": the journal stamps the time itself.
// Anywhere else (a shell, a log file, docker) each line starts with a local
// timestamp, so a line read later still says when it happened.

#include <string>

namespace newswatch {

/// True when stderr is the journal: $JOURNAL_STREAM is "DEV:INODE" of the stderr file (systemd.exec(5)).
bool stderr_is_journal();

/// The log pattern: no timestamp when `journal`, else a millisecond local timestamp first.
std::string log_pattern(bool journal);

/// Configures the default logger; `level` is an spdlog level name ("info", "debug", ...).
/// $NEWSWATCH_LOG overrides it when set.
void setup_logging(const std::string& level);

}  // namespace newswatch
