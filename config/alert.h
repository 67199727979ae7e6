#pragma once
// An alert: one (watch, notifier) match of one item, as the outbox keeps it.
// Its id is the delivery id receivers dedupe on (DESIGN.md invariant 2).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/item.h"

namespace newswatch {

enum class AlertState { pending, sent, failed };

/// "pending" | "sent" | "failed"
const char* to_string(AlertState state) noexcept;
/// Inverse of to_string; nullopt for anything else.
std::optional<AlertState> alert_state_from_string(std::string_view text) noexcept;

struct Alert {
  std::int64_t id = 0;  ///< outbox row id = X-Newswatch-Delivery
  std::string watch;
  std::string notifier;
  std::vector<std::string> matched;  ///< the query terms that matched, canonical names
  Item item;
  std::string story_id;                    ///< stable id of the item's story
  std::vector<std::string> story_sources;  ///< sites with an item in that story
  AlertState state = AlertState::pending;
  int attempts = 0;
  std::int64_t created_at = 0;  ///< unix seconds
  std::int64_t next_attempt_at = 0;
  std::optional<std::int64_t> sent_at;
  std::string last_error;
};

}  // namespace newswatch
