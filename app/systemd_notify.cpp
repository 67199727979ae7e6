#include "app/systemd_notify.h"

#include <cstdint>

#include <systemd/sd-daemon.h>

namespace newswatch {

void notify_ready(const std::string& status) {
  sd_notifyf(0, "READY=1\nSTATUS=%s", status.c_str());
}

void notify_status(const std::string& status) {
  sd_notifyf(0, "STATUS=%s", status.c_str());
}

void notify_stopping() {
  sd_notify(0, "STOPPING=1");
}

void notify_watchdog() {
  sd_notify(0, "WATCHDOG=1");
}

std::optional<std::chrono::microseconds> watchdog_interval() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return std::nullopt;
  return std::chrono::microseconds(usec / 2);
}

}  // namespace newswatch
