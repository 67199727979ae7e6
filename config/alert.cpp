#include "config/alert.h"

namespace newswatch {

const char* to_string(AlertState state) noexcept {
  switch (state) {
    case AlertState::pending: return "pending";
    case AlertState::sent: return "sent";
    case AlertState::failed: return "failed";
    case AlertState::held: return "held";
  }
  return "pending";
}

std::optional<AlertState> alert_state_from_string(std::string_view text) noexcept {
  if (text == "pending") return AlertState::pending;
  if (text == "sent") return AlertState::sent;
  if (text == "failed") return AlertState::failed;
  if (text == "held") return AlertState::held;
  return std::nullopt;
}

}  // namespace newswatch
