// One crawl, one transaction (DESIGN invariant 1). apply_crawl updates the
// site's fetch state, stores the page's items (new ones inserted and linked to
// a story, changed ones revised with their old values kept), and queues an
// outbox row per (watch, notifier) that `match` returns for a new item. Any
// failure, including an exception from `match`, unwinds through the
// Transaction guard: nothing of the crawl is written.
//
// The first successful crawl that finds items is the site's baseline
// (invariant 3): items are stored, `match` is not called. A page that parses
// to zero items never completes the baseline, or the next good page would
// alert on the whole archive. The baseline belongs to the URL it was taken
// from: when a site's url is changed in the config, the first crawl of the new
// listing is a baseline again (its items are old news to that listing).

#include <set>

#include "store/item_body.h"
#include "store/search_text.h"
#include "store/sql_store.h"
#include "store/stories.h"

namespace newswatch {
namespace {

// Revisions are not matched: an edited headline is not news, and alerting on
// it would resend a story the reader already has. Flip to alert on revisions.
constexpr bool k_alert_on_revisions = false;

/// The site's state after `outcome`: a failure counts and keeps the validators
/// of the last good fetch; a 304/unchanged success keeps them unless re-sent.
FetchState advance(FetchState state, const CrawlOutcome& outcome, const ApplyResult& result) {
  state.site = outcome.site;
  state.url = outcome.url;
  state.last_status = outcome.http_status;
  state.last_crawl_at = outcome.at;
  if (outcome.next_due_at) state.next_due_at = outcome.next_due_at;
  state.health = outcome.health;
  state.last_error = outcome.error;
  state.items_new = result.items_new;
  if (!outcome.error.empty()) {
    if (!outcome.by_hand) ++state.consecutive_failures;
    return state;
  }
  state.consecutive_failures = 0;
  state.last_success_at = outcome.at;
  if (outcome.items) {
    state.etag = outcome.etag;
    state.last_modified = outcome.last_modified;
    state.body_hash = outcome.body_hash;
    state.items_found = result.items_found;
    if (!outcome.items->empty()) {
      state.baseline_done = true;
      state.baseline_url = outcome.url;
    }
  } else {
    if (!outcome.etag.empty()) state.etag = outcome.etag;
    if (!outcome.last_modified.empty()) state.last_modified = outcome.last_modified;
    if (!outcome.body_hash.empty()) state.body_hash = outcome.body_hash;
  }
  return state;
}

}  // namespace

Result<ApplyResult> SqlStore::apply_crawl(const CrawlOutcome& outcome, const MatchFn& match) {
  return guarded("cannot store crawl of site " + outcome.site, [&]() -> Result<ApplyResult> {
    sql::Transaction tx(m_db);
    std::optional<FetchState> current = read_fetch_state(outcome.site);
    if (!current) {  // the row must exist before items reference it (foreign key)
      current = FetchState{};
      current->site = outcome.site;
      write_fetch_state(*current);
    }
    FetchState state = std::move(*current);
    ApplyResult result;
    if (outcome.items) {
      bool past_baseline = state.baseline_done && state.baseline_url == outcome.url;
      result = store_items(outcome, past_baseline && match ? &match : nullptr);
      result.baseline = !past_baseline && outcome.error.empty() && !outcome.items->empty();
    }
    write_fetch_state(advance(std::move(state), outcome, result));
    tx.commit();
    return result;
  });
}

Result<void> SqlStore::in_transaction(const std::function<Result<void>()>& body) {
  return guarded("cannot store a batch of crawls", [&]() -> Result<void> {
    sql::Transaction tx(m_db);
    if (auto done = body(); !done) return done;
    tx.commit();
    return {};
  });
}

ApplyResult SqlStore::store_items(const CrawlOutcome& outcome, const MatchFn* match) {
  ApplyResult result;
  std::set<std::string> urls;
  std::optional<stories::StoryIndex> story_index;  // loaded at the first new item: unchanged pages skip it
  AlertBatch alerts;                               // queued together below: a flood becomes one summary
  for (const Item& listed : *outcome.items) {
    if (!urls.insert(identity(listed)).second) continue;  // a page repeating a link lists one item
    Item item = listed;
    item.site = outcome.site;
    ++result.items_found;
    auto existing = find_item(identity(item));
    if (!existing) {
      std::int64_t id = insert_item(item, outcome.at);
      ++result.items_new;
      if (!story_index) story_index.emplace(m_db, m_story_memory, outcome.site, outcome.at);
      std::string story = story_index->assign(id, stories::tokens(item.title + " " + item.summary));
      if (match) collect_alerts(id, story, item, *match, alerts);
    } else {
      remember_link(existing->id, item);
      if (revise_item(*existing, item, outcome.at)) {
        ++result.items_revised;
        if (k_alert_on_revisions && match) collect_alerts(existing->id, existing->story_id, item, *match, alerts);
      }
    }
  }
  queue_alerts(alerts.candidates, outcome.at, result);
  return result;
}

std::optional<SqlStore::ExistingItem> SqlStore::find_item(const std::string& key) {
  auto q = m_db.query(
      "SELECT id, site, COALESCE(story_id, ''), title, summary, authors, published FROM items WHERE url = ?1");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  ExistingItem e;
  e.id = q.int64(0);
  e.site = q.text(1);
  e.story_id = q.text(2);
  e.item.site = e.site;
  e.item.key = key;
  e.item.title = q.text(3);
  e.item.summary = q.text(4);
  e.item.authors = string_list_from_json(q.text(5));
  e.item.published = q.opt_text(6);
  return e;
}

std::int64_t SqlStore::insert_item(const Item& item, std::int64_t at) {
  auto q = m_db.query(
      "INSERT INTO items(url, site, title, summary, authors, published, tags, first_seen, last_seen, tokens, link) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, NULLIF(?10, '')) RETURNING id");
  q.bind(1, identity(item)).bind(10, item.url).bind(2, item.site).bind(3, item.title).bind(4, item.summary);
  q.bind(5, string_list_to_json(item.authors)).bind(6, item.published).bind(7, string_list_to_json(item.tags));
  q.bind(8, at).bind(9, stories::join(stories::tokens(item.title + " " + item.summary)));
  if (!q.step()) throw sql::SqlError("inserting item " + identity(item) + " returned no id");
  const std::int64_t id = q.int64(0);
  q.run();
  item_body::write(m_db, id, item.body);                                   // only new items carry one (fetch_articles)
  search_text::index_item(m_db, id, item.title, item.summary, item.body);  // PostgreSQL's full-text index
  return id;
}

/// Records the link of an item stored before links were kept (schema step 2); a known link stays.
void SqlStore::remember_link(std::int64_t id, const Item& seen) {
  if (seen.url.empty()) return;
  m_db.query("UPDATE items SET link = ?2 WHERE id = ?1 AND link IS NULL").bind(1, id).bind(2, seen.url).run();
}

namespace {

/// `old` updated by what `seen` shows: an empty field means the card did not show it (a title-only
/// "more news" slot), not that it was removed, so the stored value is kept.
Item merge_seen(const Item& old, const Item& seen) {
  Item merged = old;
  if (!seen.title.empty()) merged.title = seen.title;
  if (!seen.summary.empty()) merged.summary = seen.summary;
  if (!seen.authors.empty()) merged.authors = seen.authors;
  if (seen.published && !seen.published->empty()) merged.published = seen.published;
  return merged;
}

}  // namespace

/// Records that the item was seen again; returns true when its content changed (a revision).
bool SqlStore::revise_item(const ExistingItem& existing, const Item& seen, std::int64_t at) {
  const Item& old = existing.item;
  const Item now = merge_seen(old, seen);
  // A URL listed by two configured sites belongs to the first; the second only refreshes it,
  // so two listings showing different headlines cannot flip the item back and forth.
  bool changed = existing.site == seen.site && (old.title != now.title || old.summary != now.summary ||
                                                old.authors != now.authors || old.published != now.published);
  if (!changed) {
    // CASE, not SQLite's two-argument max(): PostgreSQL spells that GREATEST, and one text serves both.
    m_db.query("UPDATE items SET last_seen = CASE WHEN last_seen > ?2 THEN last_seen ELSE ?2 END WHERE id = ?1")
        .bind(1, existing.id)
        .bind(2, at)
        .run();
    return false;
  }
  auto keep = m_db.query(
      "INSERT INTO item_revisions(item_id, title, summary, authors, published, replaced_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  keep.bind(1, existing.id).bind(2, old.title).bind(3, old.summary).bind(4, string_list_to_json(old.authors));
  keep.bind(5, old.published).bind(6, at).run();
  auto update = m_db.query(
      "UPDATE items SET title = ?2, summary = ?3, authors = ?4, published = ?5, "
      "tags = CASE WHEN ?6 = '[]' THEN tags ELSE ?6 END, "
      "last_seen = CASE WHEN last_seen > ?7 THEN last_seen ELSE ?7 END, tokens = ?8 WHERE id = ?1");
  update.bind(1, existing.id).bind(2, now.title).bind(3, now.summary).bind(4, string_list_to_json(now.authors));
  const std::set<std::string> tokens = stories::tokens(now.title + " " + now.summary);
  update.bind(5, now.published).bind(6, string_list_to_json(seen.tags)).bind(7, at);
  update.bind(8, stories::join(tokens)).run();
  search_text::refresh(m_db, existing.id);
  stories::reindex_item(m_db, existing.id, tokens);  // later crawls compare with the new words, as with a scan
  return true;
}

}  // namespace newswatch
