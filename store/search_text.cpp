#include "store/search_text.h"

#include <algorithm>
#include <map>

#include "store/item_body.h"

namespace newswatch::search_text {
namespace {

struct DroppedRange {
  char32_t first;
  char32_t last;
};
struct Fold {
  char32_t code_point;
  const char* folded;  ///< UTF-8; a space separates words
};

#include "store/search_fold_table.inc"

/// PostgreSQL's limits on a tsvector's positions (MAXENTRYPOS - 1, MAXNUMPOS).
constexpr int k_max_position = 16383;
constexpr std::size_t k_max_positions_per_word = 256;
constexpr const char* k_long_marker = "'#long'";

/// The code point at `text[pos]`, advancing `pos`; U+FFFD (a separator) for a byte that starts no valid one.
char32_t next_code_point(std::string_view text, std::size_t& pos) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
  if (length == 0 || lead > 0xF4 || pos + length > text.size()) {
    ++pos;
    return length == 1 ? lead : 0xFFFD;
  }
  char32_t c = length == 1 ? lead : lead & (0x7F >> length);
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) {
      ++pos;
      return 0xFFFD;
    }
    c = (c << 6) | (byte(pos + i) & 0x3F);
  }
  const char32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < smallest[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    ++pos;
    return 0xFFFD;
  }
  pos += length;
  return c;
}

bool dropped(char32_t c) noexcept {
  auto it = std::upper_bound(std::begin(k_dropped), std::end(k_dropped), c,
                             [](char32_t v, const DroppedRange& r) { return v < r.first; });
  return it != std::begin(k_dropped) && c <= std::prev(it)->last;
}

/// What `c` folds to ("" for nothing, " " for a separator).
std::string_view folded(char32_t c) noexcept {
  static const char* const k_ascii_space = " ";
  if (c < 0x80) return k_ascii_space;  // callers handle letters and digits
  auto it = std::lower_bound(std::begin(k_folds), std::end(k_folds), c,
                             [](const Fold& f, char32_t v) { return f.code_point < v; });
  if (it != std::end(k_folds) && it->code_point == c) return it->folded;
  return dropped(c) ? std::string_view() : std::string_view(k_ascii_space);
}

/// Ends the current word: cut to k_max_word_bytes at a character boundary, then kept.
void flush(std::string& word, std::vector<std::string>& out) {
  if (word.empty()) return;
  if (word.size() > k_max_word_bytes) {
    std::size_t cut = k_max_word_bytes;
    while (cut > 0 && (static_cast<unsigned char>(word[cut]) & 0xC0) == 0x80) --cut;
    word.resize(cut);
  }
  out.push_back(std::move(word));
  word.clear();
}

/// A lexeme in a tsvector or tsquery literal: quoted, quotes and backslashes doubled or escaped.
std::string lexeme(std::string_view word) {
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') out += '\'';
    if (c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string joined(const std::vector<std::string>& words, std::string_view glue) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : std::string(glue)) + lexeme(w);
  return out;
}

}  // namespace

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t c = next_code_point(text, pos);
    if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        word += static_cast<char>(c);
      else if (c >= 'A' && c <= 'Z')
        word += static_cast<char>(c + 32);
      else
        flush(word, out);
      continue;
    }
    for (char f : folded(c)) {
      if (f == ' ')
        flush(word, out);
      else
        word += f;
    }
  }
  flush(word, out);
  return out;
}

std::string tsvector_literal(const std::vector<std::string_view>& fields) {
  std::map<std::string, std::vector<int>> positions;
  int position = 0;
  bool long_text = false;
  for (std::string_view field : fields) {
    for (std::string& word : words(field)) {
      auto& at = positions[std::move(word)];
      at.push_back(++position);
      long_text = long_text || position > k_max_position || at.size() > k_max_positions_per_word;
    }
    ++position;  // a gap: no phrase spans two fields
  }
  std::string out = long_text ? k_long_marker : "";
  for (const auto& [word, at] : positions) {
    out += (out.empty() ? "" : " ") + lexeme(word);
    if (long_text) continue;  // PostgreSQL would cut the positions; phrases fall back to '#long' & words
    char separator = ':';
    for (int p : at) {
      out += separator + std::to_string(p);
      separator = ',';
    }
  }
  return out;
}

std::string tsquery_literal(const std::vector<std::vector<std::string>>& phrases) {
  std::string out;
  for (const auto& phrase : phrases) {
    std::vector<std::string> all;
    for (const auto& token : phrase)
      for (auto& w : words(token)) all.push_back(std::move(w));
    if (all.empty()) continue;
    std::string one = all.size() == 1
                          ? lexeme(all.front())
                          : "(" + joined(all, " <-> ") + ") | (" + k_long_marker + " & " + joined(all, " & ") + ")";
    out += (out.empty() ? "" : " | ") + ("(" + one + ")");
  }
  return out;
}

void index_item(sql::Connection& db, std::int64_t id, std::string_view title, std::string_view summary,
                std::string_view body) {
  if (db.dialect() != sql::Dialect::postgres) return;
  db.query("UPDATE items SET search = CAST(?2 AS tsvector) WHERE id = ?1")
      .bind(1, id)
      .bind(2, tsvector_literal({title, summary, body}))
      .run();
}

void refresh(sql::Connection& db, std::int64_t id) {
  if (db.dialect() != sql::Dialect::postgres) return;
  std::string title, summary, body;
  {
    auto q = db.query("SELECT title, summary, body, body_zlib FROM items WHERE id = ?1");
    q.bind(1, id);
    if (!q.step()) return;
    title = q.text(0);
    summary = q.text(1);
    // A body that no longer inflates is left out: the Matcher reads no text from it either (items()).
    if (!q.is_null(2)) body = item_body::read(q.blob(2), q.integer(3) != 0).value_or("");
  }
  index_item(db, id, title, summary, body);
}

}  // namespace newswatch::search_text
