// Claiming outbox rows, so that any number of processes sharing the database
// (the service, `alerts retry`, `once`) together send each due row once.
//
// A claim is one write transaction (SQLite's BEGIN IMMEDIATE, whose write lock
// serialises claimers; on PostgreSQL the rows to lease are also locked as they
// are chosen, FOR UPDATE SKIP LOCKED, so two claims never take one row even
// without the writers' advisory lock): first pending rows whose notifier is not configured here are
// held with a reason, and held rows whose notifier is configured again are
// released (due now, with a fresh retry window); then up to `limit` due rows
// are leased to the caller: lease_owner = its token, lease_until = a time
// past any send's timeout. A row is due when it is pending, not held, its
// next attempt has come, nobody holds an unexpired lease on it and, for a
// digest notifier, the oldest row of that notifier has waited the digest.
// All of that is decided in SQL, so rows that are not due never take a slot
// of the batch. Recording the outcome ends the lease (outbox.cpp); a process
// that dies mid-send leaves a lease that simply expires.
//
// The JSON lists a claim passes in (configured notifiers, quiet windows,
// digest waits) are read as tables through sql::json_strings / json_records,
// which spell json_each or jsonb per backend.
//
// Delivery ids are random version-4 UUIDs from the kernel's CSPRNG, made when
// a row is queued: a restored backup or a second database never reuses one.
//
// Quiet hours: before leasing, the claim puts off the pending rows of watches that are inside their quiet
// window (the caller computes the windows, alerts/quiet_hours.h): next_attempt_at becomes the window's end
// and last_error says why. The wait is in the row itself, so it survives a restart, and at the end every
// held row of the night is due at once (the dispatcher sends a mail notifier's as one digest).

#include <sys/random.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "store/sql_store.h"

namespace newswatch {
namespace {

/// Rows whose notifier is not configured wait; one whose notifier is back is due now, its 24h window restarted.
std::string hold_sql(const sql::Connection& db) {
  return "UPDATE outbox SET held_reason = 'notifier ''' || notifier || ''' is not configured' "
         "WHERE state = 'pending' AND held_reason = '' AND notifier NOT IN (SELECT n.value FROM " +
         sql::json_strings(db, "?1", "n") + ")";
}
std::string release_sql(const sql::Connection& db) {
  return "UPDATE outbox SET held_reason = '', next_attempt_at = ?2, created_at = ?2, attempts = 0 "
         "WHERE state = 'pending' AND held_reason <> '' AND notifier IN (SELECT n.value FROM " +
         sql::json_strings(db, "?1", "n") + ")";
}

// ?1 [{"watch", "window_start", "window_end", "note"}]: a pending row created inside its watch's window waits
// for the window's end, unless another watch it names is not quiet. Rows already put off (or retrying later)
// are left alone.
std::string defer_quiet_sql(const sql::Connection& db) {
  return "WITH q AS (SELECT r.watch, r.window_start, r.window_end, r.note FROM " +
         sql::json_records(
             db, "?1", "r",
             {{"watch", "TEXT"}, {"window_start", "BIGINT"}, {"window_end", "BIGINT"}, {"note", "TEXT"}}) +
         ") UPDATE outbox SET next_attempt_at = q.window_end, last_error = q.note FROM q "
         "WHERE outbox.state = 'pending' AND outbox.held_reason = '' AND outbox.item_id IS NOT NULL "
         "AND outbox.watch = q.watch AND outbox.created_at >= q.window_start AND outbox.next_attempt_at < q.window_end "
         "AND NOT EXISTS (SELECT 1 FROM " +
         sql::json_strings(db, "outbox.also_watches", "w") + " WHERE w.value NOT IN (SELECT watch FROM q))";
}

// ?1 owner, ?2 lease_until, ?3 now, ?4 limit, ?5 only_id, ?6 ignore digest wait (1/0),
// ?7 [{"notifier", "wait"}]: each digest notifier's wait in seconds.
// On PostgreSQL the rows to lease are locked as they are chosen, skipping rows another transaction holds (one
// being marked sent right now, say): the claim stays correct without the writers' advisory lock, and never
// waits behind another process's row. SQLite has no row locks: its write lock serialises claimers.
std::string claim_sql(const sql::Connection& db) {
  const bool postgres = db.dialect() == sql::Dialect::postgres;
  return "WITH waiting(notifier) AS ("
         "  SELECT d.notifier FROM " +
         sql::json_records(db, "?7", "d", {{"notifier", "TEXT"}, {"wait", "BIGINT"}}) +
         "  WHERE CAST(?5 AS BIGINT) IS NULL AND CAST(?6 AS BIGINT) = 0 AND "
         "  (SELECT MIN(p.created_at) FROM outbox p WHERE p.state = 'pending' AND p.held_reason = '' "
         "   AND p.notifier = d.notifier) + d.wait > ?3) "
         "UPDATE outbox SET lease_owner = ?1, lease_until = ?2 WHERE id IN ("
         "  SELECT o.id FROM outbox o WHERE o.state = 'pending' AND o.held_reason = '' AND o.next_attempt_at <= ?3 "
         "  AND (o.lease_until IS NULL OR o.lease_until < ?3) AND (CAST(?5 AS BIGINT) IS NULL OR o.id = ?5) "
         "  AND o.notifier NOT IN (SELECT notifier FROM waiting) "
         "  ORDER BY o.next_attempt_at, o.id LIMIT ?4" +
         std::string(postgres ? " FOR UPDATE OF o SKIP LOCKED" : "") + ") RETURNING id";
}

std::string quiet_json(const ClaimRequest& request) {
  nlohmann::json quiet = nlohmann::json::array();
  for (const QuietWatch& watch : request.quiet)
    quiet.push_back(
        {{"watch", watch.watch}, {"window_start", watch.start}, {"window_end", watch.end}, {"note", watch.note}});
  return quiet.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string digests_json(const ClaimRequest& request) {
  nlohmann::json digests = nlohmann::json::array();
  for (const auto& [name, wait] : request.digests) digests.push_back({{"notifier", name}, {"wait", wait}});
  return digests.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string new_delivery_id() {
  std::array<unsigned char, 16> bytes{};
  std::size_t got = 0;
  while (got < bytes.size()) {
    ssize_t n = ::getrandom(bytes.data() + got, bytes.size() - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw sql::SqlError("getrandom failed: no randomness for a delivery id");
    got += static_cast<std::size_t>(n);
  }
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  std::string out;
  char hex[3];
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    std::snprintf(hex, sizeof hex, "%02x", bytes[i]);
    out += hex;
  }
  return out;
}

int SqlStore::hold_and_release(const ClaimRequest& request, int& released) {
  const std::string notifiers = string_list_to_json(request.notifiers);
  auto hold = m_db.query(hold_sql(m_db));
  hold.bind(1, notifiers).run();
  int held = m_db.changes();
  auto release = m_db.query(release_sql(m_db));
  release.bind(1, notifiers).bind(2, request.now).run();
  released = m_db.changes();
  return held;
}

void SqlStore::defer_quiet(const ClaimRequest& request) {
  if (request.quiet.empty()) return;
  m_db.query(defer_quiet_sql(m_db)).bind(1, quiet_json(request)).run();
}

Result<Claim> SqlStore::claim_due(const ClaimRequest& request) {
  return guarded("claim due alerts", [&]() -> Result<Claim> {
    Claim claim;
    std::vector<std::int64_t> ids;
    {
      sql::Transaction tx(m_db, sql::Turn::skip);  // rows are claimed FOR UPDATE SKIP LOCKED: no turn needed
      claim.held = hold_and_release(request, claim.released);
      defer_quiet(request);
      {
        auto q = m_db.query(claim_sql(m_db));
        q.bind(1, request.owner).bind(2, request.lease_until).bind(3, request.now).bind(4, request.limit);
        q.bind(5, request.only_id).bind(6, request.ignore_digest_wait ? 1 : 0).bind(7, digests_json(request));
        while (q.step()) ids.push_back(q.int64(0));
      }  // reset before COMMIT
      tx.commit();
    }
    if (ids.empty()) return claim;
    claim.alerts = select_alerts("WHERE CAST(?1 AS BIGINT) IS NULL AND o.id IN (SELECT CAST(j.value AS BIGINT) FROM " +
                                     sql::json_strings(m_db, "?2", "j") + ") LIMIT ?3",
                                 std::nullopt, nlohmann::json(ids).dump(), static_cast<std::int64_t>(ids.size()));
    // Oldest due first. Sorted here, not by ORDER BY: the batch is at most `limit` rows found by id, and
    // SQLite would sort them in a temporary B-tree all the same (tests/store/query_plan_test.cpp).
    std::sort(claim.alerts.begin(), claim.alerts.end(), [](const Alert& a, const Alert& b) {
      return std::pair(a.next_attempt_at, a.id) < std::pair(b.next_attempt_at, b.id);
    });
    return claim;
  });
}

}  // namespace newswatch
