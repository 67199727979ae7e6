// The alert outbox. A row is queued by apply_crawl with a random delivery id
// (new_delivery_id, outbox_claim.cpp) that receivers dedupe on; the row id is
// only a local handle for the CLI. States: pending -> sent (after a 2xx),
// pending -> pending with a later next_attempt_at (retry), pending -> failed
// (given up, kept); a pending row whose notifier is not configured is held
// (held_reason set) until it is. `attempts` counts the attempts whose outcome
// was recorded, a delivery included (delivered at once: 1); a claim reads the
// count before its own attempt, which the retry backoff is computed from.
// retry_now puts pending/failed rows back to pending, due now. A sent row never changes again, so marking it twice, or
// a late failure report after it was sent, does nothing. A row is sent only by the process holding its lease
// (outbox_claim.cpp); retry and failure reports from a process whose lease was taken over are refused.
// Rows of k_feed_record are the feeds' record of matches (outbox_feed.cpp), not alerts: `alerts` and the
// counts leave them out.

#include "store/item_body.h"
#include "store/sql_store.h"
#include "store/stories.h"

#include <limits>

#include <nlohmann/json.hpp>

namespace newswatch {
namespace {

static_assert(k_feed_record == "@feed", "the SQL below names the feed record");

/// Fills a flood summary's also_count and also, and the snippet, from the row's JSON; '' leaves them empty.
void read_also(const std::string& text, Alert& alert) {
  if (text.empty()) return;
  auto also = nlohmann::json::parse(text, nullptr, false);
  if (!also.is_object()) return;
  alert.also_count = also.value("count", 0);
  for (const auto& item : also.value("items", nlohmann::json::array()))
    if (item.is_object()) alert.also.push_back({item.value("title", ""), item.value("url", "")});
  auto snippet = also.value("snippet", nlohmann::json::object());  // the matched sentence(s), when one was made
  if (!snippet.is_object()) return;
  alert.snippet.text = snippet.value("text", "");
  alert.snippet.from_body = snippet.value("from_body", false);
  for (const auto& mark : snippet.value("marks", nlohmann::json::array())) {
    if (!mark.is_array() || mark.size() != 2 || !mark[0].is_number_unsigned() || !mark[1].is_number_unsigned())
      continue;
    Snippet::Mark m{mark[0].get<std::size_t>(), mark[1].get<std::size_t>()};
    if (m.begin < m.end && m.end <= alert.snippet.text.size()) alert.snippet.marks.push_back(m);
  }
}

constexpr const char* k_alert_columns =
    "SELECT o.id, o.watch, o.notifier, o.matched, o.state, o.attempts, o.created_at, o.next_attempt_at, "
    "o.sent_at, o.last_error, COALESCE(o.story_id, ''), i.site, COALESCE(i.link, i.url), i.title, "
    "i.summary, i.authors, i.published, i.tags, i.url, COALESCE(o.delivery_id, ''), o.held_reason, o.also, "
    "o.also_watches, o.event, o.body_unavailable, i.body, i.body_zlib "
    "FROM outbox o LEFT JOIN items i ON i.id = o.item_id ";

Alert alert_from_row(const sql::Query& q) {
  Alert a;
  a.id = q.int64(0);
  a.watch = q.text(1);
  a.notifier = q.text(2);
  a.matched = string_list_from_json(q.text(3));
  a.state = alert_state_from_string(q.text(4)).value_or(AlertState::pending);
  a.attempts = q.integer(5);
  a.created_at = q.int64(6);
  a.next_attempt_at = q.int64(7);
  a.sent_at = q.opt_int64(8);
  a.last_error = q.text(9);
  a.story_id = q.text(10);
  a.item.site = q.text(11);  // NULL (an operator alert names no item) reads as ""
  a.item.url = q.text(12);
  a.item.title = q.text(13);
  a.item.summary = q.text(14);
  a.item.authors = string_list_from_json(q.text(15));
  a.item.published = q.opt_text(16);
  a.item.tags = string_list_from_json(q.text(17));
  a.item.key = q.text(18);
  a.body_unavailable = q.integer(24) != 0;
  if (!q.is_null(25)) a.item.body = item_body::read(q.blob(25), q.integer(26) != 0).value_or("");
  a.delivery_id = q.text(19);
  a.held_reason = q.text(20);
  read_also(q.text(21), a);
  a.also_watches = string_list_from_json(q.text(22));
  if (auto event = health_event_from_json(q.text(23))) {  // an operator alert: its event stands in for an item
    a.item.site = event->site;
    a.item.title = describe(*event);
    a.health = std::move(event);
  }
  if (a.state == AlertState::pending && !a.held_reason.empty()) a.state = AlertState::held;
  return a;
}

}  // namespace

std::vector<Alert> SqlStore::select_alerts(const std::string& where_order_limit, std::optional<std::int64_t> p1,
                                           std::optional<std::string> p2, std::int64_t limit) {
  std::vector<Alert> out;
  {
    auto q = m_db.query(k_alert_columns + where_order_limit);
    // No limit is the largest one: PostgreSQL refuses SQLite's LIMIT -1.
    q.bind(1, p1).bind(2, p2).bind(3, limit > 0 ? limit : std::numeric_limits<std::int64_t>::max());
    while (q.step()) out.push_back(alert_from_row(q));
  }
  std::vector<std::string> story_ids;
  for (const auto& a : out) story_ids.push_back(a.story_id);
  auto sources = stories::sources(m_db, story_ids);
  for (auto& a : out) {
    if (auto found = sources.find(a.story_id); found != sources.end()) a.story_sources = found->second;
  }
  return out;
}

Result<std::vector<Alert>> SqlStore::alerts(std::optional<AlertState> state, int limit) {
  return guarded("alerts", [&]() -> Result<std::vector<Alert>> {
    std::optional<std::string> name;
    if (state) name = to_string(*state);
    // held is a pending row with a reason to wait; "pending" lists the others.
    return select_alerts(
        "WHERE CAST(?1 AS BIGINT) IS NULL AND o.notifier <> '@feed' AND (CAST(?2 AS TEXT) IS NULL OR "
        "(?2 = 'held' AND o.state = 'pending' AND "
        "o.held_reason <> '') OR "
        "(?2 <> 'held' AND o.state = ?2 AND (?2 <> 'pending' OR o.held_reason = ''))) ORDER BY o.id DESC LIMIT ?3",
        std::nullopt, name, limit);
  });
}

Result<std::optional<Alert>> SqlStore::alert(std::int64_t id) {
  return guarded("alert " + std::to_string(id), [&]() -> Result<std::optional<Alert>> {
    auto found = select_alerts("WHERE o.id = ?1 AND CAST(?2 AS TEXT) IS NULL LIMIT ?3", id, std::nullopt, 1);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
  });
}

Result<void> SqlStore::require_alert(std::int64_t id, std::string_view action) {
  auto q = m_db.query("SELECT 1 FROM outbox WHERE id = ?1");
  q.bind(1, id);
  if (q.step()) return {};
  return fail(ErrorKind::usage, "cannot " + std::string(action) + ": no alert with id " + std::to_string(id));
}

Result<void> SqlStore::require_lease(std::int64_t id, std::string_view owner, std::string_view action) {
  if (auto exists = require_alert(id, action); !exists) return exists;
  auto q = m_db.query("SELECT state, COALESCE(lease_owner, '') FROM outbox WHERE id = ?1");
  q.bind(1, id);
  if (!q.step() || q.text(0) != "pending" || q.text(1) == owner) return {};  // sent or failed meanwhile: nothing to do
  return fail(ErrorKind::storage,
              "cannot " + std::string(action) + ": alert " + std::to_string(id) + " is leased by another process now");
}

Result<void> SqlStore::mark_sent(std::int64_t id, std::int64_t at) {
  return guarded("mark alert " + std::to_string(id) + " sent", [&]() -> Result<void> {
    auto q = m_db.query(
        "UPDATE outbox SET state = 'sent', sent_at = ?2, attempts = attempts + 1, last_error = '', held_reason = '', "
        "lease_owner = NULL, lease_until = NULL WHERE id = ?1 AND state IN ('pending', 'failed')");
    q.bind(1, id).bind(2, at).run();
    return m_db.changes() == 1 ? Result<void>{} : require_alert(id, "mark sent");
  });
}

Result<void> SqlStore::mark_retry(std::int64_t id, std::string_view owner, std::int64_t next_attempt_at,
                                  std::string_view error) {
  return guarded("mark alert " + std::to_string(id) + " for retry", [&]() -> Result<void> {
    auto q = m_db.query(
        "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?2, last_error = ?3, lease_owner = NULL, "
        "lease_until = NULL WHERE id = ?1 AND state = 'pending' AND lease_owner = ?4");
    q.bind(1, id).bind(2, next_attempt_at).bind(3, error).bind(4, owner).run();
    return m_db.changes() == 1 ? Result<void>{} : require_lease(id, owner, "mark for retry");
  });
}

Result<void> SqlStore::mark_failed(std::int64_t id, std::string_view owner, std::string_view error) {
  return guarded("mark alert " + std::to_string(id) + " failed", [&]() -> Result<void> {
    auto q = m_db.query(
        "UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?2, lease_owner = NULL, "
        "lease_until = NULL WHERE id = ?1 AND state = 'pending' AND lease_owner = ?3");
    q.bind(1, id).bind(2, error).bind(3, owner).run();
    return m_db.changes() == 1 ? Result<void>{} : require_lease(id, owner, "mark failed");
  });
}

Result<void> SqlStore::retarget(std::int64_t id, std::string_view notifier) {
  return guarded("retarget alert " + std::to_string(id), [&]() -> Result<void> {
    auto state = m_db.query("SELECT state FROM outbox WHERE id = ?1");
    state.bind(1, id);
    if (!state.step()) return fail(ErrorKind::usage, "no alert with id " + std::to_string(id));
    if (state.text(0) == "sent")
      return fail(ErrorKind::usage, "alert #" + std::to_string(id) + " was already delivered");
    auto taken = m_db.query(
        "SELECT 1 FROM outbox o JOIN outbox t ON t.watch = o.watch AND t.item_id = o.item_id "
        "WHERE o.id = ?1 AND t.notifier = ?2 AND t.id <> o.id");
    taken.bind(1, id).bind(2, notifier);
    if (taken.step())
      return fail(ErrorKind::usage, "notifier '" + std::string(notifier) + "' already has alert #" +
                                        std::to_string(id) + "'s item from the same watch");
    auto q = m_db.query("UPDATE outbox SET notifier = ?2, held_reason = '' WHERE id = ?1");
    q.bind(1, id).bind(2, notifier).run();
    return Result<void>{};
  });
}

Result<int> SqlStore::retry_now(std::optional<std::int64_t> id, std::int64_t now) {
  return guarded("retry alerts", [&]() -> Result<int> {
    auto q = m_db.query(
        // A replay restarts the 24-hour retry window (measured from created_at) and the backoff;
        // the id, and so the delivery id receivers dedupe on, stays.
        "UPDATE outbox SET state = 'pending', next_attempt_at = ?2, created_at = ?2, attempts = 0 "
        "WHERE state IN ('pending', 'failed') AND (CAST(?1 AS BIGINT) IS NULL OR id = ?1)");
    q.bind(1, id).bind(2, now).run();
    return m_db.changes();
  });
}

Result<OutboxCounts> SqlStore::outbox_counts() {
  return guarded("outbox counts", [&]() -> Result<OutboxCounts> {
    OutboxCounts counts;
    // Feed records (k_feed_record) are not alerts: counted nowhere.
    auto q = m_db.query("SELECT state, COUNT(*) FROM outbox WHERE notifier <> '@feed' GROUP BY state");
    while (q.step()) {
      auto state = alert_state_from_string(q.text(0));
      int n = q.integer(1);
      if (state == AlertState::pending) counts.pending = n;
      if (state == AlertState::sent) counts.sent = n;
      if (state == AlertState::failed) counts.failed = n;
    }
    auto held = m_db.query("SELECT COUNT(*) FROM outbox WHERE state = 'pending' AND held_reason <> ''");
    if (held.step()) counts.held = held.integer(0);
    counts.pending -= counts.held;
    return counts;
  });
}

}  // namespace newswatch
