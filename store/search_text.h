#pragma once
// The full-text index on PostgreSQL (items.search, a tsvector with a GIN index), private to store/. SQLite has
// FTS5 (items_fts, items_body_fts); PostgreSQL has no tokenizer that folds like the alert Matcher without the
// unaccent extension, so the store cuts and folds the words itself and hands PostgreSQL finished lexemes: a
// tsvector literal per item, a tsquery literal per clause, never parsed by a text search configuration.
//
// The rule that keeps the pre-filter a superset of the Matcher (alerts/normalize.cpp, ICU NFKC_Casefold):
// words() folds each code point as NFKC_Casefold and then diacritic removal would (a table generated from
// Unicode's data: scripts/gen_search_fold.py), keeps ASCII letters and digits and Latin, Greek and Cyrillic
// letters as word characters, drops marks and default-ignorables, and cuts at everything else. Every separator
// of the Matcher is a separator here, and a word the Matcher sees folds to the same words whether it is read
// from the text or from the query, so a phrase the Matcher finds is a phrase of words() in the text. Terms in
// other scripts are never narrowed (app/item_search.cpp sends only Latin, Greek, Cyrillic and digits).
//
// PostgreSQL keeps at most 256 positions per lexeme and none past 16383: an item beyond either limit is indexed
// without positions plus the lexeme '#long' (no word holds '#'), and each phrase is queried as
// (a <-> b) | ('#long' & a & b), so a long article still passes wherever its words all occur.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql.h"

namespace newswatch::search_text {

/// The longest word kept, in bytes (longer ones are cut, at a character boundary, in the text and the query
/// alike; PostgreSQL refuses lexemes of 2 KB).
inline constexpr std::size_t k_max_word_bytes = 256;

/// The folded words of `text` in order (invalid UTF-8 separates words).
std::vector<std::string> words(std::string_view text);

/// A tsvector literal of `fields` (title, summary, body): each field's words at consecutive positions, a gap
/// between fields so no phrase spans two.
std::string tsvector_literal(const std::vector<std::string_view>& fields);

/// A tsquery literal passing the items where one of `phrases` (each a Matcher token sequence) occurs;
/// "" when no phrase has a word.
std::string tsquery_literal(const std::vector<std::vector<std::string>>& phrases);

/// Writes item `id`'s search vector from its fields. PostgreSQL only (SQLite's triggers and item_body keep
/// FTS5 current): a no-op there. Call in the transaction that wrote the fields. Throws SqlError.
void index_item(sql::Connection& db, std::int64_t id, std::string_view title, std::string_view summary,
                std::string_view body);

/// index_item() from the fields as stored (after a revision changed the title or summary).
void refresh(sql::Connection& db, std::int64_t id);

}  // namespace newswatch::search_text
