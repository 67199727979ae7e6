// Site health rows and the operator alerts their changes queue. The rules live
// in crawler/site_health.cpp and come in as a callback, so reading the rows they
// need (by key), writing the changed ones and queueing the outbox rows are one transaction:
// a transition is stored and alerted together, or not at all, and a replay of
// the same crawl finds the state already changed and queues nothing.
//
// An operator alert is an outbox row like any other (leases, retries, held when
// its notifier is gone), with no item and its HealthEvent as JSON in `event`.

#include <nlohmann/json.hpp>

#include "store/sql_store.h"

namespace newswatch {
namespace {

constexpr const char* k_health_columns =
    "SELECT site, baseline, degraded, degraded_reason, degraded_since, normal_streak, failing_since, failing, "
    "failing_announced, no_answer, last_error, updated_at FROM site_health ";

std::string baseline_json(const SiteBaseline& b) {
  return nlohmann::json{
      {"crawls", b.crawls}, {"items", b.items}, {"date", b.date}, {"summary", b.summary}, {"authors", b.authors}}
      .dump();
}

SiteBaseline baseline_from_json(const std::string& text) {
  SiteBaseline b;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return b;
  b.crawls = j.value("crawls", 0);
  b.items = j.value("items", 0.0);
  b.date = j.value("date", 0.0);
  b.summary = j.value("summary", 0.0);
  b.authors = j.value("authors", 0.0);
  return b;
}

SiteHealth health_from_row(const sql::Query& q) {
  SiteHealth h;
  h.site = q.text(0);
  h.baseline = baseline_from_json(q.text(1));
  h.degraded = q.integer(2) != 0;
  h.degraded_reason = q.text(3);
  h.degraded_since = q.opt_int64(4);
  h.normal_streak = q.integer(5);
  h.failing_since = q.opt_int64(6);
  h.failing = q.integer(7) != 0;
  h.failing_announced = q.integer(8) != 0;
  h.no_answer = q.integer(9) != 0;
  h.last_error = q.text(10);
  h.updated_at = q.int64(11);
  return h;
}

}  // namespace

std::string health_state(const SiteHealth& health) {
  if (health.failing) return "failing";
  return health.degraded ? "degraded" : "healthy";
}

std::string health_event_to_json(const HealthEvent& e) {
  return nlohmann::ordered_json{{"site", e.site}, {"from", e.from}, {"to", e.to}, {"reason", e.reason}, {"at", e.at}}
      .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::optional<HealthEvent> health_event_from_json(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  return HealthEvent{j.value("site", ""), j.value("from", ""), j.value("to", ""), j.value("reason", ""),
                     j.value("at", std::int64_t{0})};
}

std::vector<SiteHealth> SqlStore::read_site_healths() {
  std::vector<SiteHealth> out;
  auto q = m_db.query(std::string(k_health_columns) + "ORDER BY site");
  while (q.step()) out.push_back(health_from_row(q));
  return out;
}

std::vector<SiteHealth> SqlStore::read_site_healths(const std::vector<std::string>& sites) {
  std::vector<SiteHealth> out;
  const std::string sql = std::string(k_health_columns) + "WHERE site = ?1";  // the primary key: O(log n)
  for (const std::string& site : sites) {
    auto q = m_db.query(sql);
    q.bind(1, site);
    if (q.step()) out.push_back(health_from_row(q));
  }
  return out;
}

Result<std::vector<SiteHealth>> SqlStore::site_healths() {
  return guarded("site health", [&]() -> Result<std::vector<SiteHealth>> { return read_site_healths(); });
}

void SqlStore::write_site_health(const SiteHealth& h) {
  auto q = m_db.query(
      "INSERT INTO site_health(site, baseline, degraded, degraded_reason, degraded_since, normal_streak, "
      "failing_since, failing, failing_announced, no_answer, last_error, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT(site) DO UPDATE SET "
      "baseline = ?2, degraded = ?3, degraded_reason = ?4, degraded_since = ?5, normal_streak = ?6, "
      "failing_since = ?7, failing = ?8, failing_announced = ?9, no_answer = ?10, last_error = ?11, updated_at = ?12");
  q.bind(1, h.site).bind(2, baseline_json(h.baseline)).bind(3, h.degraded ? 1 : 0).bind(4, h.degraded_reason);
  q.bind(5, h.degraded_since).bind(6, h.normal_streak).bind(7, h.failing_since).bind(8, h.failing ? 1 : 0);
  q.bind(9, h.failing_announced ? 1 : 0).bind(10, h.no_answer ? 1 : 0).bind(11, h.last_error).bind(12, h.updated_at);
  q.run();
}

Result<HealthUpdate> SqlStore::update_health(const std::vector<std::string>& sites, const HealthFn& decide) {
  return guarded("site health update", [&]() -> Result<HealthUpdate> {
    sql::Transaction tx(m_db);
    HealthUpdate update = decide(read_site_healths(sites));
    for (const SiteHealth& row : update.rows) write_site_health(row);
    for (const HealthAlertRequest& alert : update.alerts) {
      auto insert = m_db.query(
          "INSERT INTO outbox(watch, notifier, item_id, story_id, matched, state, attempts, created_at, "
          "next_attempt_at, delivery_id, event) VALUES ('operator', ?1, NULL, NULL, '[]', 'pending', 0, ?2, ?2, ?3, "
          "?4) RETURNING id");
      insert.bind(1, alert.notifier).bind(2, alert.event.at).bind(3, new_delivery_id());
      insert.bind(4, health_event_to_json(alert.event));
      if (!insert.step()) throw sql::SqlError("queueing an operator alert returned no id");
      update.queued.push_back(insert.int64(0));
      insert.run();
    }
    tx.commit();
    return update;
  });
}

}  // namespace newswatch
