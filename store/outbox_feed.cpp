// The feeds' record of matches. Every watch's matches are written to the outbox as rows of the built-in
// k_feed_record "notifier" (app adds it to each watch), stored as sent, one per (watch, item): so a watch
// with no notifier at all still has a feed, a flood still lists every item, and retention (`keep`) prunes
// them with the other sent rows.
//
// Newest first, with no sort (EXPLAIN QUERY PLAN): a feed row is written in the transaction that first
// stores its item, so item ids and row ids both grow in match order. One watch walks
// UNIQUE(watch, notifier, item_id) backwards ("SEARCH o USING COVERING INDEX sqlite_autoindex_outbox_1
// (watch=? AND notifier=?)"); every watch walks outbox_by_notifier backwards ("SEARCH o USING INDEX
// outbox_by_notifier (notifier=?)", ids in order under one notifier) and stops after `limit` rows.

#include "store/sql_store.h"

namespace newswatch {

Result<std::vector<Alert>> SqlStore::feed_matches(std::optional<std::string> watch, int limit) {
  return guarded("feed matches", [&]() -> Result<std::vector<Alert>> {
    if (watch)
      return select_alerts(
          "WHERE CAST(?1 AS BIGINT) IS NULL AND o.notifier = '@feed' AND o.watch = ?2 ORDER BY o.item_id DESC LIMIT ?3",
          std::nullopt, std::move(watch), limit);
    return select_alerts(
        "WHERE CAST(?1 AS BIGINT) IS NULL AND CAST(?2 AS TEXT) IS NULL AND o.notifier = '@feed' ORDER BY o.id DESC "
        "LIMIT ?3",
        std::nullopt, std::nullopt, limit);
  });
}

}  // namespace newswatch
