// Retention: what is older than `[service] keep` goes, in small steps.
//
// Deleted, oldest first and at most `batch` rows of each kind per call, each
// kind in its own short transaction (a crawl waiting for the write lock waits
// for one batch, never for the whole purge):
//   1. sent and failed alerts, by when they were sent (else queued);
//   2. item revisions replaced before the cutoff;
//   3. items not seen on their listing since the cutoff and referenced by no
//      remaining alert (a pending alert keeps its item; its revisions and the
//      full-text entry go with an item, by cascade and trigger, and its article
//      text's entry in the contentless items_body_fts by item_body::forget);
//   4. stories created before the cutoff that no item or alert refers to;
//   5. story postings of items that left the story window (story_index.cpp),
//      whatever the cutoff: only the window's items are ever compared.
// An item still listed is seen at every parsed crawl, so it is never old: a
// pruned item that reappears would be new again and alert again.
//
// checkpoint() copies the WAL into the database and truncates the file. It
// does not wait: with a reader still on an old snapshot (a long `items` run)
// it copies what it can and reports busy, and the next call resets the file.
// On PostgreSQL it does nothing and reports nothing done: the server's WAL
// and checkpoints are its own (checkpoint_timeout, max_wal_size), and there
// is no file of ours that grows until we truncate it.
//
// On PostgreSQL an item's full-text entry is a column of its row
// (items.search), so it goes with the row; there is no index to clean.

#include <vector>

#include "store/item_body.h"
#include "store/sql_store.h"
#include "store/stories.h"

namespace newswatch {
namespace {

/// Runs one bounded DELETE in its own transaction; returns the rows deleted.
int delete_batch(sql::Connection& db, const std::string& sql, std::int64_t cutoff, int batch) {
  sql::Transaction tx(db);
  db.query(sql).bind(1, cutoff).bind(2, batch).run();
  int deleted = db.changes();
  tx.commit();
  return deleted;
}

/// Deletes at most `batch` items not seen since `cutoff` and named by no alert, their article text's
/// full-text entries first (the contentless index needs the text to remove it); returns the items deleted.
int delete_items_batch(sql::Connection& db, std::int64_t cutoff, int batch) {
  sql::Transaction tx(db);
  std::vector<std::int64_t> ids;
  {
    auto q = db.query(
        "SELECT i.id FROM items i WHERE i.last_seen < ?1 AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.item_id = "
        "i.id) ORDER BY i.last_seen LIMIT ?2");
    q.bind(1, cutoff).bind(2, batch);
    while (q.step()) ids.push_back(q.int64(0));
  }
  for (std::int64_t id : ids) {
    item_body::forget(db, id);
    stories::unindex_item(db, id);
    db.query("DELETE FROM items WHERE id = ?1").bind(1, id).run();
  }
  tx.commit();
  return static_cast<int>(ids.size());
}

/// Runs `step` (returning the rows it removed) in its own transaction.
template <class Step>
int delete_batch_with(sql::Connection& db, Step&& step) {
  sql::Transaction tx(db);
  const int deleted = step();
  tx.commit();
  return deleted;
}

/// Sets the lock wait for its lifetime, then puts the previous one back.
class BusyTimeout {
 public:
  BusyTimeout(sql::Connection& db, int ms) : m_db(db), m_previous(db.busy_wait()) {
    m_db.set_busy_wait(std::chrono::milliseconds(ms));
  }
  BusyTimeout(const BusyTimeout&) = delete;
  BusyTimeout& operator=(const BusyTimeout&) = delete;
  ~BusyTimeout() { m_db.set_busy_wait(m_previous); }

 private:
  sql::Connection& m_db;
  std::chrono::milliseconds m_previous;
};

}  // namespace

Result<PruneResult> SqlStore::prune(std::int64_t cutoff, int batch) {
  return guarded("prune", [&]() -> Result<PruneResult> {
    PruneResult result;
    result.alerts =
        delete_batch(m_db,
                     "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE state IN ('sent', 'failed') "
                     "AND COALESCE(sent_at, created_at) < ?1 ORDER BY id LIMIT ?2)",
                     cutoff, batch);
    result.revisions = delete_batch(m_db,
                                    "DELETE FROM item_revisions WHERE id IN (SELECT id FROM item_revisions "
                                    "WHERE replaced_at < ?1 ORDER BY replaced_at LIMIT ?2)",
                                    cutoff, batch);
    result.items = delete_items_batch(m_db, cutoff, batch);
    result.stories = delete_batch(m_db,
                                  "DELETE FROM stories WHERE id IN (SELECT s.id FROM stories s WHERE s.created_at < ?1 "
                                  "AND NOT EXISTS (SELECT 1 FROM items i WHERE i.story_id = s.id) "
                                  "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.story_id = s.id) LIMIT ?2)",
                                  cutoff, batch);
    const int unindexed = delete_batch_with(m_db, [&] { return stories::prune_index(m_db, batch); });
    result.more = result.alerts == batch || result.revisions == batch || result.items == batch ||
                  result.stories == batch || unindexed == batch;
    return result;
  });
}

Result<CheckpointResult> SqlStore::checkpoint() {
  return guarded("checkpoint", [&]() -> Result<CheckpointResult> {
    if (m_db.dialect() == sql::Dialect::postgres) return CheckpointResult{};
    BusyTimeout no_wait(m_db, 0);  // a busy reader makes this a passive checkpoint, not a stall
    CheckpointResult result;
    auto q = m_db.query("PRAGMA wal_checkpoint(TRUNCATE)");
    if (q.step()) {
      result.busy = q.integer(0) != 0;
      result.wal_frames = q.integer(1);
      result.checkpointed = q.integer(2);
    }
    return result;
  });
}

}  // namespace newswatch
