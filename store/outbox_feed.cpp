// The feeds' record of matches. Every watch's matches are written to the outbox as rows of the built-in
// k_feed_record "notifier" (app adds it to each watch), stored as sent, one per (watch, item): so a watch
// with no notifier at all still has a feed, a flood still lists every item, and retention (`keep`) prunes
// them with the other sent rows. The newest first: row ids grow with insertion, so id order is match order.
//
// Query plans: one watch is a SEARCH on UNIQUE(watch, notifier, item_id) (its rows only) then a sort of
// them; every watch walks the table backwards by rowid and stops after `limit` feed rows, which are most
// rows (each match has one).

#include "store/sqlite_store.h"

namespace newswatch {

Result<std::vector<Alert>> SqliteStore::feed_matches(std::optional<std::string> watch, int limit) {
  return guarded("feed matches", [&]() -> Result<std::vector<Alert>> {
    return select_alerts(
        "WHERE ?1 IS NULL AND o.notifier = '@feed' AND (?2 IS NULL OR o.watch = ?2) ORDER BY o.id DESC LIMIT ?3",
        std::nullopt, std::move(watch), limit);
  });
}

}  // namespace newswatch
