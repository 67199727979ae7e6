#pragma once
// systemd integration for Type=notify units: READY=1, STATUS=, WATCHDOG=1.
// Every call is a no-op when not started by systemd ($NOTIFY_SOCKET unset).

#include <chrono>
#include <optional>
#include <string>

namespace newswatch {

/// Tells systemd start-up is complete (config and database open).
void notify_ready(const std::string& status);
/// Updates the one-line status `systemctl status` shows.
void notify_status(const std::string& status);
/// Tells systemd the service is stopping.
void notify_stopping();
/// Pets the watchdog.
void notify_watchdog();
/// The interval to pet the watchdog at (half of WatchdogSec), or nullopt when the unit sets none.
std::optional<std::chrono::microseconds> watchdog_interval();

}  // namespace newswatch
