#include "store/item_body.h"

#include <zlib.h>

#include <memory>

namespace newswatch::item_body {
namespace {

struct InflateEnd {
  void operator()(z_stream* stream) const noexcept { inflateEnd(stream); }
};

std::string deflated(std::string_view text) {
  uLongf size = compressBound(static_cast<uLong>(text.size()));
  std::string out(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(text.data()),
                static_cast<uLong>(text.size()), Z_BEST_COMPRESSION) != Z_OK)
    throw sql::SqlError("cannot compress an article body");
  out.resize(size);
  return out;
}

std::optional<std::string> inflated(std::string_view bytes) {
  z_stream stream{};
  if (inflateInit(&stream) != Z_OK) return std::nullopt;
  std::unique_ptr<z_stream, InflateEnd> owner(&stream);  // inflateEnd on every return
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  stream.avail_in = static_cast<uInt>(bytes.size());
  std::string out;
  char buffer[16384];
  for (;;) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    const int status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) return std::nullopt;
    out.append(buffer, sizeof buffer - stream.avail_out);
    if (out.size() > k_max_inflated) return std::nullopt;
    if (status == Z_STREAM_END) return out;
    if (stream.avail_in == 0 && stream.avail_out != 0) return std::nullopt;  // truncated stream
  }
}

}  // namespace

void write(sql::Connection& db, std::int64_t id, std::string_view text) {
  if (text.empty()) return;
  const bool zlib = text.size() > k_compress_above;
  auto update = db.query("UPDATE items SET body = ?2, body_zlib = ?3 WHERE id = ?1");
  update.bind(1, id).bind(3, zlib ? 1 : 0);
  if (zlib)
    update.bind_blob(2, deflated(text));
  else
    update.bind_blob(2, text);
  update.run();
  index_text(db, id, text);
}

void index_text(sql::Connection& db, std::int64_t id, std::string_view text) {
  if (db.dialect() != sql::Dialect::sqlite) return;  // PostgreSQL's body search is item_search.cpp's
  db.query("INSERT INTO items_body_fts(rowid, body) VALUES (?1, ?2)").bind(1, id).bind(2, text).run();
}

std::optional<std::string> read(std::string_view bytes, bool zlib) {
  if (!zlib) return std::string(bytes);
  return inflated(bytes);
}

void forget(sql::Connection& db, std::int64_t id) {
  // Only FTS5's contentless index needs the text back to drop an entry; a PostgreSQL index follows the row.
  if (db.dialect() != sql::Dialect::sqlite) return;
  std::optional<std::string> text;
  {
    auto q = db.query("SELECT body, body_zlib FROM items WHERE id = ?1 AND body IS NOT NULL");
    q.bind(1, id);
    if (!q.step()) return;
    text = read(q.blob(0), q.integer(1) != 0);
  }
  // A body that no longer inflates cannot be removed token by token; its stale entry only ever widens the
  // pre-filter of `match` (item_search.cpp), which the Matcher then narrows again.
  if (!text) return;
  db.query("INSERT INTO items_body_fts(items_body_fts, rowid, body) VALUES ('delete', ?1, ?2)")
      .bind(1, id)
      .bind(2, *text)
      .run();
}

}  // namespace newswatch::item_body
