#pragma once
// An alert: one (watch, notifier) match of one item, as the outbox keeps it.
// Its delivery id (a random UUID stored with the row, never the row id) is
// what receivers dedupe on (DESIGN.md invariant 2).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/health_event.h"
#include "config/item.h"

namespace newswatch {

/// held: pending, but its notifier is not configured; it waits and goes out when the notifier is back.
enum class AlertState { pending, sent, failed, held };

/// "pending" | "sent" | "failed" | "held"
const char* to_string(AlertState state) noexcept;
/// Inverse of to_string; nullopt for anything else.
std::optional<AlertState> alert_state_from_string(std::string_view text) noexcept;

/// Another item that a flood summary stands for.
struct AlsoMatched {
  std::string title;
  std::string url;
};

/// The sentence(s) around the first match, with the matched words marked.
struct Snippet {
  struct Mark {
    std::size_t begin = 0;  ///< byte offset into `text`
    std::size_t end = 0;    ///< one past the last byte
  };
  std::string text;         ///< plain UTF-8, no markup
  std::vector<Mark> marks;  ///< ascending, not overlapping
  bool from_body = false;   ///< taken from the article body (else title/summary)
};

struct Alert {
  std::int64_t id = 0;                    ///< outbox row id: local to one database, for the CLI
  std::string delivery_id;                ///< X-Newswatch-Delivery: a random UUID, the same on every retry
  std::string watch;                      ///< the first watch that matched (config order)
  std::vector<std::string> also_watches;  ///< the other watches it matched for this notifier
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
  std::string held_reason;  ///< why the alert waits (state held)
  /// A summary of a flood: how many other new items of the same crawl matched, and the first few of them.
  int also_count = 0;
  std::vector<AlsoMatched> also;
  /// Set for an operator alert (a site's or the network's health changed): no item, no watch match.
  std::optional<HealthEvent> health;
  Snippet snippet;  ///< empty text when no snippet was made
  /// The article page was to be fetched but could not be in time: the alert went out on title and summary.
  bool body_unavailable = false;
  bool test = false;  ///< a test message (`newswatch alerts test`), marked as one in every format; never stored
};

}  // namespace newswatch
