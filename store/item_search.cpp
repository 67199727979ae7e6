// Item queries: newest first, paged by a keyset cursor (first_seen, id) so a
// caller can walk every stored item in short reads, and optionally narrowed by
// the full-text index items_fts (migration step 4: an external-content FTS5
// table over title and summary, tokenizer unicode61 with diacritics removed).
//
// With a filter, the index drives: the matching rows are fetched and sorted,
// which pays while they are few (count_matching tells the caller; past a few
// thousand a plain walk of the first_seen index is cheaper per page).
//
// The full-text filter only narrows candidates; whoever asked still applies
// its own rules to what comes back. Each phrase is passed to FTS5 as one
// quoted string, so no token can be read as FTS5 syntax (AND, NEAR, *, ^).

#include <limits>

#include "store/sqlite_store.h"
#include "store/stories.h"

namespace newswatch {
namespace {

constexpr const char* k_item_select =
    "SELECT i.id, i.site, COALESCE(i.link, i.url), i.title, i.summary, i.authors, i.published, i.tags, "
    "i.first_seen, i.last_seen, COALESCE(i.story_id, ''), "
    "(SELECT COUNT(*) FROM item_revisions r WHERE r.item_id = i.id), i.url FROM items i "
    "WHERE (?1 IS NULL OR i.site = ?1) AND (?2 IS NULL OR i.first_seen >= ?2) AND (i.first_seen, i.id) < (?4, ?5) ";
constexpr const char* k_fts_filter = "AND i.id IN (SELECT rowid FROM items_fts WHERE items_fts MATCH ?6) ";
constexpr const char* k_key_filter = "AND i.url = ?7 ";
constexpr const char* k_item_order = "ORDER BY i.first_seen DESC, i.id DESC LIMIT ?3";

/// `text` as an FTS5 string: in double quotes, inner quotes doubled.
std::string fts_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

StoredItem stored_item_from_row(const sqlite::Query& q) {
  StoredItem s;
  s.id = q.int64(0);
  s.item = Item{q.text(1),
                q.text(2),
                q.text(3),
                q.text(4),
                string_list_from_json(q.text(5)),
                q.opt_text(6),
                string_list_from_json(q.text(7)),
                q.text(12)};  // the key (items.url); the link shown is the page's (items.link)
  s.first_seen = q.int64(8);
  s.last_seen = q.int64(9);
  s.story_id = q.text(10);
  s.revisions = q.integer(11);
  return s;
}

}  // namespace

std::optional<std::string> fts_expression(const TextFilter& filter) {
  std::string out;
  for (const auto& clause : filter.all_of) {
    std::string any;
    for (const auto& phrase : clause) {
      std::string words;
      for (const auto& token : phrase) words += (words.empty() ? "" : " ") + token;
      if (words.empty()) continue;
      any += (any.empty() ? "" : " OR ") + fts_quoted(words);
    }
    if (any.empty()) return std::nullopt;  // a clause no text can satisfy
    out += (out.empty() ? "(" : " AND (") + any + ")";
  }
  return out;
}

Result<std::vector<StoredItem>> SqliteStore::items(const ItemQuery& query) {
  return guarded("items", [&]() -> Result<std::vector<StoredItem>> {
    std::vector<StoredItem> out;
    std::optional<std::string> match;
    if (query.text) {
      match = fts_expression(*query.text);
      if (!match) return out;
    }
    bool filtered = match && !match->empty();
    {
      auto q = m_db.query(std::string(k_item_select) + (filtered ? k_fts_filter : "") +
                          (query.key ? k_key_filter : "") + k_item_order);
      constexpr std::int64_t k_top = std::numeric_limits<std::int64_t>::max();
      q.bind(1, query.site).bind(2, query.since).bind(3, query.limit > 0 ? query.limit : -1);
      q.bind(4, query.after ? query.after->first_seen : k_top).bind(5, query.after ? query.after->id : k_top);
      if (filtered) q.bind(6, *match);
      if (query.key) q.bind(7, *query.key);
      while (q.step()) out.push_back(stored_item_from_row(q));
    }
    for (auto& s : out) {
      if (!s.story_id.empty()) s.story_sources = stories::sources(m_db, s.story_id);
    }
    return out;
  });
}

Result<std::int64_t> SqliteStore::item_count() {
  return guarded("item count", [&]() -> Result<std::int64_t> {
    auto q = m_db.query("SELECT COUNT(*) FROM items");
    return q.step() ? q.int64(0) : 0;
  });
}

Result<std::int64_t> SqliteStore::count_matching(const TextFilter& filter) {
  return guarded("count matching items", [&]() -> Result<std::int64_t> {
    auto match = fts_expression(filter);
    if (!match) return 0;
    if (match->empty()) return item_count();
    auto q = m_db.query("SELECT COUNT(*) FROM items_fts WHERE items_fts MATCH ?1");
    q.bind(1, *match);
    return q.step() ? q.int64(0) : 0;
  });
}

}  // namespace newswatch
