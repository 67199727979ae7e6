#include "config/health_event.h"

namespace newswatch {

std::string describe(const HealthEvent& event) {
  if (event.site.empty()) return event.to == "down" ? "network down: " + event.reason : "network back: " + event.reason;
  if (event.to == "healthy") return "site " + event.site + " healthy again (was " + event.from + ")";
  return "site " + event.site + " " + event.to + ": " + event.reason;
}

}  // namespace newswatch
