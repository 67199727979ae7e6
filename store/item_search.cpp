// Item queries: newest first, paged by a keyset cursor (first_seen, id) so a
// caller can walk every stored item in short reads, and optionally narrowed by
// the full-text indexes: items_fts (migration step 4: an external-content FTS5
// table over title and summary, tokenizer unicode61 with diacritics removed)
// and items_body_fts (step 8: the article text, same tokenizer). A clause
// passes when one of its phrases occurs in either index, so a query whose
// terms sit one in the headline and one in the fourth paragraph still passes.
//
// With a filter, the index drives: the matching rows are fetched and sorted,
// which pays while they are few (count_matching tells the caller; past a few
// thousand a plain walk of the first_seen index is cheaper per page).
//
// The full-text filter only narrows candidates; whoever asked still applies
// its own rules to what comes back. Each phrase is passed to FTS5 as one
// quoted string, so no token can be read as FTS5 syntax (AND, NEAR, *, ^).

#include <limits>

#include <fmt/format.h>

#include "store/item_body.h"
#include "store/sql_store.h"
#include "store/stories.h"

namespace newswatch {
namespace {

constexpr const char* k_item_columns =
    "SELECT i.id, i.site, COALESCE(i.link, i.url), i.title, i.summary, i.authors, i.published, i.tags, "
    "i.first_seen, i.last_seen, COALESCE(i.story_id, ''), "
    "(SELECT COUNT(*) FROM item_revisions r WHERE r.item_id = i.id), i.url, i.body, i.body_zlib FROM items i ";
// Each filter is in the SQL text only when given: "?1 IS NULL OR site = ?1" would keep SQLite from
// choosing items_by_site (site, first_seen), so `items --site` walked every item. With no `since`,
// ?2 is bound to the smallest integer, which keeps one statement per site/no-site.
constexpr const char* k_item_scope_all = "WHERE i.first_seen >= ?2 AND (i.first_seen, i.id) < (?4, ?5) ";
constexpr const char* k_item_scope_site =
    "WHERE i.site = ?1 AND i.first_seen >= ?2 AND (i.first_seen, i.id) < (?4, ?5) ";
constexpr const char* k_key_filter = "AND i.url = ?7 ";
/// The first parameter number of the full-text clauses (one each: ?8, ?9, ...).
constexpr int k_first_clause_param = 8;

/// The ids of items passing every clause: each clause's expression (parameter ?N) in items_fts or items_body_fts.
std::string candidate_ids(std::size_t clauses) {
  auto either = [](std::size_t k) {
    const std::size_t n = k_first_clause_param + k;
    return fmt::format(
        "SELECT rowid AS id FROM items_fts WHERE items_fts MATCH ?{0} "
        "UNION SELECT rowid AS id FROM items_body_fts WHERE items_body_fts MATCH ?{0}",
        n);
  };
  std::string sql = "SELECT id FROM (" + either(0) + ")";
  for (std::size_t k = 1; k < clauses; ++k) sql += (k == 1 ? " WHERE" : " AND") + (" id IN (" + either(k) + ")");
  return sql;
}
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

StoredItem stored_item_from_row(const sql::Query& q, bool bodies) {
  StoredItem s;
  s.id = q.int64(0);
  s.item.site = q.text(1);
  s.item.url = q.text(2);  // the link shown is the page's (items.link); the key is items.url
  s.item.title = q.text(3);
  s.item.summary = q.text(4);
  s.item.authors = string_list_from_json(q.text(5));
  s.item.published = q.opt_text(6);
  s.item.tags = string_list_from_json(q.text(7));
  s.item.key = q.text(12);
  if (bodies && !q.is_null(13)) s.item.body = item_body::read(q.blob(13), q.integer(14) != 0).value_or("");
  s.first_seen = q.int64(8);
  s.last_seen = q.int64(9);
  s.story_id = q.text(10);
  s.revisions = q.integer(11);
  return s;
}

}  // namespace

std::optional<std::vector<std::string>> fts_clauses(const TextFilter& filter) {
  std::vector<std::string> out;
  for (const auto& clause : filter.all_of) {
    std::string any;
    for (const auto& phrase : clause) {
      std::string words;
      for (const auto& token : phrase) words += (words.empty() ? "" : " ") + token;
      if (words.empty()) continue;
      any += (any.empty() ? "" : " OR ") + fts_quoted(words);
    }
    if (any.empty()) return std::nullopt;  // a clause no text can satisfy
    out.push_back(std::move(any));
  }
  return out;
}

Result<std::vector<StoredItem>> SqlStore::items(const ItemQuery& query) {
  return guarded("items", [&]() -> Result<std::vector<StoredItem>> {
    std::vector<StoredItem> out;
    std::optional<std::vector<std::string>> clauses;
    if (query.text) {
      clauses = fts_clauses(*query.text);
      if (!clauses) return out;
    }
    const bool filtered = clauses && !clauses->empty();
    {
      auto q = m_db.query(std::string(k_item_columns) + (query.site ? k_item_scope_site : k_item_scope_all) +
                          (filtered ? "AND i.id IN (" + candidate_ids(clauses->size()) + ") " : std::string()) +
                          (query.key ? k_key_filter : "") + k_item_order);
      constexpr std::int64_t k_top = std::numeric_limits<std::int64_t>::max();
      if (query.site) q.bind(1, *query.site);
      q.bind(2, query.since.value_or(std::numeric_limits<std::int64_t>::min()));
      q.bind(3, query.limit > 0 ? query.limit : -1);
      q.bind(4, query.after ? query.after->first_seen : k_top).bind(5, query.after ? query.after->id : k_top);
      for (std::size_t k = 0; filtered && k < clauses->size(); ++k)
        q.bind(k_first_clause_param + static_cast<int>(k), (*clauses)[k]);
      if (query.key) q.bind(7, *query.key);
      while (q.step()) out.push_back(stored_item_from_row(q, query.bodies));
    }
    std::vector<std::string> story_ids;
    for (const auto& s : out) story_ids.push_back(s.story_id);
    auto sources = stories::sources(m_db, story_ids);  // one read per page, not one per item
    for (auto& s : out) {
      if (auto found = sources.find(s.story_id); found != sources.end()) s.story_sources = found->second;
    }
    return out;
  });
}

Result<std::vector<std::string>> SqlStore::stored_keys(const std::vector<std::string>& keys) {
  return guarded("stored keys", [&]() -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    for (const std::string& key : keys) {
      auto q = m_db.query("SELECT 1 FROM items WHERE url = ?1");
      q.bind(1, key);
      if (q.step()) out.push_back(key);
    }
    return out;
  });
}

Result<std::int64_t> SqlStore::item_count() {
  return guarded("item count", [&]() -> Result<std::int64_t> {
    auto q = m_db.query("SELECT COUNT(*) FROM items");
    return q.step() ? q.int64(0) : 0;
  });
}

Result<std::int64_t> SqlStore::count_matching(const TextFilter& filter) {
  return guarded("count matching items", [&]() -> Result<std::int64_t> {
    auto clauses = fts_clauses(filter);
    if (!clauses) return 0;
    if (clauses->empty()) return item_count();
    auto q = m_db.query("SELECT COUNT(*) FROM (" + candidate_ids(clauses->size()) + ")");
    for (std::size_t k = 0; k < clauses->size(); ++k) q.bind(k_first_clause_param + static_cast<int>(k), (*clauses)[k]);
    return q.step() ? q.int64(0) : 0;
  });
}

}  // namespace newswatch
