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

#include <map>

#include <nlohmann/json.hpp>

#include "store/sqlite_store.h"

namespace newswatch {
namespace {

/// More matches than this for one (watch, notifier) in one crawl are a flood.
constexpr std::size_t k_flood_threshold = 10;
/// How many of a flood's other items the summary lists by title and link.
constexpr std::size_t k_flood_listed = 10;

/// The `also` column of a summary row: {"count": N, "items": [{"title": ..., "url": ...}, ...]}.
std::string also_json(const std::vector<const SqliteStore::AlertCandidate*>& group) {
  nlohmann::json items = nlohmann::json::array();
  for (std::size_t i = 1; i < group.size() && items.size() < k_flood_listed; ++i)
    items.push_back({{"title", group[i]->title}, {"url", group[i]->link}});
  nlohmann::json also = {{"count", group.size() - 1}, {"items", std::move(items)}};
  return also.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void SqliteStore::collect_alerts(std::int64_t item_id, const std::string& story_id, const Item& item,
                                 const MatchFn& match, AlertBatch& out) {
  for (AlertRequest& request : match(item)) {
    if (request.once_per_story) {
      auto seen = m_db.query("SELECT 1 FROM outbox WHERE story_id = ?1 AND watch = ?2 AND notifier = ?3 LIMIT 1");
      seen.bind(1, story_id).bind(2, request.watch).bind(3, request.notifier);
      if (seen.step()) continue;
      if (!out.stories.emplace(story_id, request.watch, request.notifier).second) continue;  // earlier this crawl
    }
    out.candidates.push_back(AlertCandidate{item_id, story_id, item.title, item.url, std::move(request)});
  }
}

void SqliteStore::queue_alerts(const std::vector<AlertCandidate>& candidates, std::int64_t at, ApplyResult& result) {
  std::map<std::pair<std::string, std::string>, std::vector<const AlertCandidate*>> groups;
  for (const AlertCandidate& candidate : candidates)
    groups[{candidate.request.watch, candidate.request.notifier}].push_back(&candidate);
  // Rows keep the crawl's order; a flood's summary stands at its first (the page's first, usually newest) match.
  for (const AlertCandidate& candidate : candidates) {
    const auto& group = groups[{candidate.request.watch, candidate.request.notifier}];
    if (group.size() <= k_flood_threshold)
      insert_alert(candidate, at, "", result);
    else if (group.front() == &candidate)
      insert_alert(candidate, at, also_json(group), result);
  }
}

void SqliteStore::insert_alert(const AlertCandidate& candidate, std::int64_t at, const std::string& also,
                               ApplyResult& result) {
  // UNIQUE(watch, notifier, item_id) makes a replayed crawl a no-op; other violations still fail.
  auto insert = m_db.query(
      "INSERT INTO outbox(watch, notifier, item_id, story_id, matched, state, attempts, created_at, "
      "next_attempt_at, delivery_id, also) VALUES (?1, ?2, ?3, ?4, ?5, 'pending', 0, ?6, ?6, ?7, ?8) "
      "ON CONFLICT(watch, notifier, item_id) DO NOTHING");
  const AlertRequest& request = candidate.request;
  insert.bind(1, request.watch).bind(2, request.notifier).bind(3, candidate.item_id).bind(4, candidate.story_id);
  insert.bind(5, string_list_to_json(request.matched)).bind(6, at).bind(7, new_delivery_id()).bind(8, also).run();
  if (m_db.changes() == 1) result.queued_alerts.push_back(m_db.last_insert_rowid());
}

}  // namespace newswatch
