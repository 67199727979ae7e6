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
//
// On PostgreSQL the index is items.search, a tsvector the store writes itself
// (search_text.h: the folding, and the superset rule it keeps); each clause is
// one tsquery literal of quoted lexemes, its phrases joined by |.

#include <limits>

#include <fmt/format.h>

#include "store/item_body.h"
#include "store/search_text.h"
#include "store/sql_store.h"
#include "store/stories.h"

namespace newswatch {
namespace {

constexpr const char* k_item_columns =
    "SELECT i.id, i.site, COALESCE(i.link, i.url), i.title, i.summary, i.authors, i.published, i.tags, "
    "i.first_seen, i.last_seen, COALESCE(i.story_id, ''), "
    "(SELECT COUNT(*) FROM item_revisions r WHERE r.item_id = i.id), i.url, i.body, i.body_zlib FROM items i ";
// Each filter is in the SQL text only when given: "?5 IS NULL OR site = ?5" would keep SQLite from
// choosing items_by_site (site, first_seen), so `items --site` walked every item. With no `since`,
// ?1 is bound to the smallest integer, which keeps one statement per site/no-site. The optional filters
// take the parameters after ?4 in the order they appear (site, key, clauses): PostgreSQL cannot prepare a
// statement whose numbering has a gap (it cannot tell the missing parameter's type).
constexpr const char* k_item_scope = "WHERE i.first_seen >= ?1 AND (i.first_seen, i.id) < (?3, ?4) ";
constexpr int k_first_optional_param = 5;

/// The ids of items passing every clause: each clause's expression (parameter ?N) in items_fts or items_body_fts
/// on SQLite, in items.search on PostgreSQL.
/// Clause k is parameter ?(first + k).
std::string candidate_ids(const sql::Connection& db, std::size_t clauses, int first) {
  if (db.dialect() == sql::Dialect::postgres) {
    std::string sql = "SELECT id FROM items WHERE ";
    for (std::size_t k = 0; k < clauses; ++k)
      sql += fmt::format("{}search @@ CAST(?{} AS tsquery)", k ? " AND " : "", first + static_cast<int>(k));
    return sql;
  }
  auto either = [first](std::size_t k) {
    const int n = first + static_cast<int>(k);
    return fmt::format(
        "SELECT rowid AS id FROM items_fts WHERE items_fts MATCH ?{0} "
        "UNION SELECT rowid AS id FROM items_body_fts WHERE items_body_fts MATCH ?{0}",
        n);
  };
  std::string sql = "SELECT id FROM (" + either(0) + ")";
  for (std::size_t k = 1; k < clauses; ++k) sql += (k == 1 ? " WHERE" : " AND") + (" id IN (" + either(k) + ")");
  return sql;
}
constexpr const char* k_item_order = "ORDER BY i.first_seen DESC, i.id DESC LIMIT ?2";

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

/// The filter's clauses in the backend's query language (fts_clauses on SQLite, tsquery literals on PostgreSQL).
std::optional<std::vector<std::string>> clause_expressions(const sql::Connection& db, const TextFilter& filter) {
  if (db.dialect() != sql::Dialect::postgres) return fts_clauses(filter);
  std::vector<std::string> out;
  for (const auto& clause : filter.all_of) {
    std::string any = search_text::tsquery_literal(clause);
    if (any.empty()) return std::nullopt;  // a clause no text can satisfy
    out.push_back(std::move(any));
  }
  return out;
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
      clauses = clause_expressions(m_db, *query.text);
      if (!clauses) return out;
    }
    const bool filtered = clauses && !clauses->empty();
    {
      int next = k_first_optional_param;
      const int site_param = query.site ? next++ : 0;
      const int key_param = query.key ? next++ : 0;
      const int first_clause = next;
      std::string sql = std::string(k_item_columns) + k_item_scope;
      if (site_param) sql += fmt::format("AND i.site = ?{} ", site_param);
      if (key_param) sql += fmt::format("AND i.url = ?{} ", key_param);
      if (filtered) sql += "AND i.id IN (" + candidate_ids(m_db, clauses->size(), first_clause) + ") ";
      auto q = m_db.query(sql + k_item_order);
      // No limit is the largest one: PostgreSQL refuses SQLite's LIMIT -1.
      constexpr std::int64_t k_top = std::numeric_limits<std::int64_t>::max();
      q.bind(1, query.since.value_or(std::numeric_limits<std::int64_t>::min()));
      q.bind(2, query.limit > 0 ? query.limit : k_top);
      q.bind(3, query.after ? query.after->first_seen : k_top).bind(4, query.after ? query.after->id : k_top);
      if (site_param) q.bind(site_param, *query.site);
      if (key_param) q.bind(key_param, *query.key);
      for (std::size_t k = 0; filtered && k < clauses->size(); ++k)
        q.bind(first_clause + static_cast<int>(k), (*clauses)[k]);
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
    auto clauses = clause_expressions(m_db, filter);
    if (!clauses) return 0;
    if (clauses->empty()) return item_count();
    auto q = m_db.query("SELECT COUNT(*) FROM (" + candidate_ids(m_db, clauses->size(), 1) + ") AS c");
    for (std::size_t k = 0; k < clauses->size(); ++k) q.bind(1 + static_cast<int>(k), (*clauses)[k]);
    return q.step() ? q.int64(0) : 0;
  });
}

}  // namespace newswatch
