// Queuing a crawl's alerts, and turning a flood into one summary.
//
// A crawl's new items are matched one by one, but their outbox rows are written
// together at the end of the crawl's transaction. Per (watch, notifier), up to
// k_flood_threshold matches become one alert each, as before. More than that
// (a site that relaunched with new URLs, a listing that dumped its archive)
// become ONE alert: the first match, with `also` naming how many other new
// items matched and the first k_flood_listed of them. The receiver gets one
// message instead of thousands, and every item is still stored and searchable.
//
// once_per_story holds within the crawl too: two new items of one story in the
// same crawl queue one alert for a watch and notifier, as they did when rows
// were written item by item.
//
// One item that several watches matched for the same notifier is ONE row (one
// POST, one mail): `watch` is the first watch (config order), `also_watches`
// the others, `matched` every watch's terms. A receiver should not get the same
// story twice a minute apart. A flood summary stands alone: its `also` list
// belongs to its own watch. once_per_story looks in also_watches too, so a
// watch named there has alerted on that story.
//
// Rows for k_feed_record (the Atom feeds' record of every watch's matches) are
// one per (watch, item), never summarised or merged, and stored as sent.

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "store/sql_store.h"

namespace newswatch {
namespace {

/// More matches than this for one (watch, notifier) in one crawl are a flood.
constexpr std::size_t k_flood_threshold = 10;
/// How many of a flood's other items the summary lists by title and link.
constexpr std::size_t k_flood_listed = 10;

/// The `also` column of a summary row: {"count": N, "items": [{"title": ..., "url": ...}, ...]}.
std::string also_json(const std::vector<const SqlStore::AlertCandidate*>& group) {
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 1; i < group.size() && items.size() < k_flood_listed; ++i)
    items.push_back({{"title", group[i]->title}, {"url", group[i]->link}});
  nlohmann::json also = {{"count", group.size() - 1}, {"items", std::move(items)}};
  return also.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// The `also` column with the lead's snippet added as "snippet": {"text", "marks": [[begin, end], ...],
/// "from_body"}; the row keeps it, so an alert sent after a restart still carries it.
std::string with_snippet(const std::string& also, const Snippet& snippet) {
  if (snippet.text.empty()) return also;
  auto json = also.empty() ? nlohmann::json::object() : nlohmann::json::parse(also, nullptr, false);
  if (!json.is_object()) json = nlohmann::json::object();
  auto marks = nlohmann::json::array();
  for (const Snippet::Mark& mark : snippet.marks) marks.push_back({mark.begin, mark.end});
  json["snippet"] = {{"text", snippet.text}, {"marks", std::move(marks)}, {"from_body", snippet.from_body}};
  return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

/// Names `request`'s watch on `row` too (once) and adds the terms it matched that the row lacks.
void add_watch(SqlStore::AlertRow& row, const AlertRequest& request) {
  auto has = [](const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
  };
  if (request.watch != row.lead->request.watch && !has(row.also_watches, request.watch))
    row.also_watches.push_back(request.watch);
  for (const std::string& term : request.matched)
    if (!has(row.matched, term)) row.matched.push_back(term);
}

}  // namespace

void SqlStore::collect_alerts(std::int64_t item_id, const std::string& story_id, const Item& item, const MatchFn& match,
                              AlertBatch& out) {
  for (AlertRequest& request : match(item)) {
    if (request.once_per_story) {
      auto seen = m_db.query(
          "SELECT 1 FROM outbox o WHERE o.story_id = ?1 AND o.notifier = ?3 AND (o.watch = ?2 OR "
          "EXISTS (SELECT 1 FROM " +
          sql::json_strings(m_db, "o.also_watches", "w") + " WHERE w.value = ?2)) LIMIT 1");
      seen.bind(1, story_id).bind(2, request.watch).bind(3, request.notifier);
      if (seen.step()) continue;
      if (!out.stories.emplace(story_id, request.watch, request.notifier).second) continue;  // earlier this crawl
    }
    out.candidates.push_back(AlertCandidate{item_id, story_id, item.title, item.url, std::move(request)});
  }
}

void SqlStore::queue_alerts(const std::vector<AlertCandidate>& candidates, std::int64_t at, ApplyResult& result) {
  std::map<std::pair<std::string, std::string>, std::vector<const AlertCandidate*>> groups;
  for (const AlertCandidate& candidate : candidates)
    groups[{candidate.request.watch, candidate.request.notifier}].push_back(&candidate);
  std::vector<AlertRow> rows;
  std::map<std::pair<std::int64_t, std::string>, std::size_t> by_item;  // (item, notifier) -> its ordinary row
  // Rows keep the crawl's order; a flood's summary stands at its first (the page's first, usually newest) match.
  for (const AlertCandidate& candidate : candidates) {
    const AlertRequest& request = candidate.request;
    const auto& group = groups[{request.watch, request.notifier}];
    if (request.notifier == k_feed_record) {  // a feed shows every match of its watch: no summary, no merging
      rows.push_back(AlertRow{&candidate, {}, request.matched, ""});
      continue;
    }
    if (group.size() > k_flood_threshold) {
      if (group.front() == &candidate) rows.push_back(AlertRow{&candidate, {}, request.matched, also_json(group)});
      continue;
    }
    auto [found, fresh] = by_item.try_emplace({candidate.item_id, request.notifier}, rows.size());
    if (fresh) {
      rows.push_back(AlertRow{&candidate, {}, request.matched, ""});
      continue;
    }
    add_watch(rows[found->second], request);
  }
  for (const AlertRow& row : rows) insert_alert(row, at, result);
}

void SqlStore::insert_alert(const AlertRow& row, std::int64_t at, ApplyResult& result) {
  // UNIQUE(watch, notifier, item_id) makes a replayed crawl a no-op; other violations still fail.
  // A feed record is a fact, not a delivery: stored as sent, never claimed. (The CAST: PostgreSQL would
  // otherwise type ?6 as the CASE's text, clashing with created_at's BIGINT.)
  auto insert = m_db.query(
      "INSERT INTO outbox(watch, notifier, item_id, story_id, matched, state, attempts, created_at, "
      "next_attempt_at, delivery_id, also, also_watches, body_unavailable, sent_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?2 = ?11 THEN 'sent' ELSE 'pending' END, 0, ?6, ?6, ?7, ?8, ?9, ?10, "
      "CASE WHEN ?2 = ?11 THEN CAST(?6 AS BIGINT) END) "
      "ON CONFLICT(watch, notifier, item_id) DO NOTHING RETURNING id");
  const AlertCandidate& lead = *row.lead;
  insert.bind(11, std::string(k_feed_record));
  insert.bind(1, lead.request.watch).bind(2, lead.request.notifier).bind(3, lead.item_id).bind(4, lead.story_id);
  insert.bind(5, string_list_to_json(row.matched)).bind(6, at).bind(7, new_delivery_id());
  insert.bind(8, with_snippet(row.also, lead.request.snippet));
  insert.bind(9, string_list_to_json(row.also_watches)).bind(10, lead.request.body_unavailable ? 1 : 0);
  if (!insert.step()) return;  // this watch already alerted this notifier on the item
  const std::int64_t id = insert.int64(0);
  insert.run();
  if (lead.request.notifier != k_feed_record) result.queued_alerts.push_back(id);
}

}  // namespace newswatch
