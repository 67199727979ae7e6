#pragma once
// An item's article text (fetch_articles) as the database keeps it. Migration 8 added items.body (NULL: no
// text was fetched), items.body_zlib (1: the bytes are a zlib stream) and items_body_fts, a contentless FTS5
// index of the text. Bodies above k_compress_above bytes are compressed: articles run to tens of KB and are
// written once, read only when a watch is replayed or an item is shown.
//
// FTS5 cannot read a compressed column back, so the index holds no copy of the text (content = ''): the text
// is added when the body is written, and removing an item's entry needs the text again, which forget() reads
// and inflates before the item row goes (retention.cpp).
//
// On PostgreSQL the bytes are stored alike (BYTEA) but there is no FTS5 table: index_text and forget do
// nothing there, and the full-text side of bodies is item_search.cpp's (a column PostgreSQL indexes itself).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/sql.h"

namespace newswatch::item_body {

/// Bodies longer than this (bytes) are stored zlib-compressed.
inline constexpr std::size_t k_compress_above = 4096;
/// The longest body inflated back; more is a corrupt row (the crawler stores at most 200 KB).
inline constexpr std::size_t k_max_inflated = 4u << 20;

/// Stores `text` as item `id`'s body and indexes it; an empty text stores nothing. Call inside the write
/// transaction that inserted the item. Throws SqlError.
void write(sql::Connection& db, std::int64_t id, std::string_view text);

/// Adds `text` to the full-text index of bodies as item `id`'s (SQLite's FTS5; nothing on PostgreSQL).
/// Throws SqlError.
void index_text(sql::Connection& db, std::int64_t id, std::string_view text);

/// The body from its stored bytes (`zlib`: compressed), or nullopt when the bytes do not inflate.
std::optional<std::string> read(std::string_view bytes, bool zlib);

/// Removes item `id`'s body from the full-text index (before the item row is deleted; nothing on
/// PostgreSQL). Throws SqlError.
void forget(sql::Connection& db, std::int64_t id);

}  // namespace newswatch::item_body
