// Story assignment whose cost does not grow with the store (issue 10).
//
// The rule is stories.cpp's: a new item joins the story of the item of ANOTHER site, first seen within
// the window before it, with the highest Jaccard similarity of token sets, when that is at least the
// threshold; ties go to the newest such item (largest first_seen, then id), as the old scan of the
// window, newest first, kept the first best it met. Only the way candidates are found changed.
//
// Two tables (migration step 9) hold the items of the window: story_items (item id, first_seen, its
// token hashes as a blob) and story_postings (token hash, first_seen, item id, the item's token count),
// whose primary key (token, first_seen, item_id) is the covering index every read below uses. An item
// is indexed when it is stored, re-indexed when a revision changes its tokens, and removed by retention
// once it has left the window (prune_index); reads never look before the window start anyway.
//
// Prefix filtering (Chaudhuri et al. 2006; Bayardo et al. 2007): when J(x, y) >= t then y holds at
// least k of x's tokens, k the least integer with k/|x| >= t (J <= |x∩y|/|x|). So y holds one of ANY
// |x| - k + 1 tokens of x; we read the postings of x's rarest tokens (story_tokens counts each token's
// postings, kept with them: the common words, "north" and "korea", are never read). A candidate met
// p times in that prefix shares at most p + k - 1 tokens with x; when even that bound gives a Jaccard
// below the threshold (by the same floating-point formula) it is dropped unread. The rest are compared
// exactly on their stored hashes. The division c / (|x| + |y| - c) that decides is stories.cpp's, and
// rounding is monotonic, so the bound and the decision never disagree.
//
// One bound keeps the work per item flat however full the window is: a token's postings are read newest
// first and at most k_postings_per_token of them. When every token a real match shares with x is carried
// by more than that many newer items of the window, the match is not seen (x starts a story of its own);
// with names and places among a headline's rarer words that does not happen in news, while without the
// bound one crawl on a window of 200,000 items (10,000 sites' first round) reads tens of thousands of
// postings per item. Up to that many carriers per token the result is exactly the full scan's.

#include <algorithm>
#include <unordered_map>

#include "store/stories.h"

namespace newswatch::stories {
namespace {

constexpr std::int64_t k_window_seconds = k_story_window_seconds;
constexpr double k_threshold = k_same_event_threshold;
/// The postings read per token of an item's prefix, newest first (see above).
constexpr int k_postings_per_token = 2000;
/// Pruning leaves a day more than the window, for a clock set back a little.
constexpr std::int64_t k_prune_margin_seconds = 86400;

std::string encode(const std::vector<std::int64_t>& hashes) {
  std::string out;
  out.reserve(hashes.size() * 8);
  for (std::int64_t h : hashes) {
    auto u = static_cast<std::uint64_t>(h);
    for (int byte = 0; byte < 8; ++byte) out += static_cast<char>((u >> (8 * byte)) & 0xFF);  // little-endian
  }
  return out;
}

std::vector<std::int64_t> decode(const std::string& blob) {
  std::vector<std::int64_t> out(blob.size() / 8);
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::uint64_t u = 0;
    for (int byte = 7; byte >= 0; --byte) u = (u << 8) | static_cast<unsigned char>(blob[i * 8 + byte]);
    out[i] = static_cast<std::int64_t>(u);
  }
  return out;
}

/// |a ∩ b| of two sorted vectors.
std::size_t common_count(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  std::size_t common = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i < *j) {
      ++i;
    } else if (*j < *i) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  return common;
}

/// stories.cpp's Jaccard from the sizes and the overlap (0 when both are empty).
double jaccard_of(std::size_t x, std::size_t y, std::size_t common) {
  if (x == 0 && y == 0) return 0.0;
  return static_cast<double>(common) / static_cast<double>(x + y - common);
}

/// The least overlap k with k / |x| >= the threshold: every y similar enough holds k of x's tokens.
std::size_t least_overlap(std::size_t x) {
  std::size_t k = 1;
  while (k < x && static_cast<double>(k) / static_cast<double>(x) < k_threshold) ++k;
  return k;
}

}  // namespace

std::int64_t token_hash(std::string_view token) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : token) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return static_cast<std::int64_t>(h);
}

std::vector<std::int64_t> hashed(const std::set<std::string>& tokens) {
  std::vector<std::int64_t> out;
  out.reserve(tokens.size());
  for (const auto& token : tokens) out.push_back(token_hash(token));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

StoryIndex::StoryIndex(sql::Connection& db, std::string_view site, std::int64_t at)
    : m_db(db), m_site(site), m_at(at) {}

/// The `length` tokens of `hashes` with the fewest postings in the index (ties by hash).
std::vector<std::int64_t> StoryIndex::prefix(const std::vector<std::int64_t>& hashes, std::size_t length) {
  std::vector<std::pair<std::int64_t, std::int64_t>> counted;  // (postings, token)
  counted.reserve(hashes.size());
  for (std::int64_t token : hashes) {
    auto q = m_db.query("SELECT postings FROM story_tokens WHERE token = ?1");
    q.bind(1, token);
    counted.emplace_back(q.step() ? q.int64(0) : 0, token);
  }
  std::sort(counted.begin(), counted.end());
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < length && i < counted.size(); ++i) out.push_back(counted[i].second);
  return out;
}

std::optional<StoryIndex::Best> StoryIndex::best_match(const std::vector<std::int64_t>& hashes) {
  if (hashes.empty()) return std::nullopt;  // Jaccard 0 with everything
  const std::size_t k = least_overlap(hashes.size());
  struct Seen {
    std::int64_t first_seen = 0;
    std::size_t size = 0;
    std::size_t hits = 0;
  };
  std::unordered_map<std::int64_t, Seen> seen;
  for (std::int64_t token : prefix(hashes, hashes.size() - k + 1)) {
    auto q = m_db.query(
        "SELECT item_id, first_seen, size FROM story_postings WHERE token = ?1 AND first_seen >= ?2 "
        "ORDER BY first_seen DESC, item_id DESC LIMIT ?3");
    q.bind(1, token).bind(2, m_at - k_window_seconds).bind(3, k_postings_per_token);
    while (q.step()) {
      Seen& s = seen[q.int64(0)];
      s.first_seen = q.int64(1);
      s.size = static_cast<std::size_t>(q.int64(2));
      ++s.hits;
    }
  }
  std::optional<Best> best;
  for (const auto& [id, s] : seen) {
    const std::size_t bound = std::min(s.hits + k - 1, std::min(s.size, hashes.size()));
    if (jaccard_of(hashes.size(), s.size, bound) < k_threshold) continue;
    if (best && jaccard_of(hashes.size(), s.size, bound) < best->score) continue;
    auto q = m_db.query(
        "SELECT s.hashes FROM story_items s JOIN items i ON i.id = s.item_id "
        "WHERE s.item_id = ?1 AND i.site <> ?2 AND i.story_id IS NOT NULL");
    q.bind(1, id).bind(2, m_site);
    if (!q.step()) continue;
    const std::vector<std::int64_t> other = decode(q.blob(0));
    const double score = jaccard_of(hashes.size(), other.size(), common_count(hashes, other));
    if (score < k_threshold) continue;
    const bool better =
        !best || score > best->score ||
        (score == best->score && std::pair(s.first_seen, id) > std::pair(best->first_seen, best->item_id));
    if (better) best = Best{id, s.first_seen, score};
  }
  return best;
}

std::string StoryIndex::assign(std::int64_t item_id, const std::set<std::string>& item_tokens) {
  const std::vector<std::int64_t> hashes = hashed(item_tokens);
  std::string story;
  if (auto best = best_match(hashes)) {
    auto q = m_db.query("SELECT story_id FROM items WHERE id = ?1");
    q.bind(1, best->item_id);
    if (q.step()) story = q.text(0);
  }
  if (story.empty()) {
    story = "s" + std::to_string(item_id);
    m_db.query("INSERT INTO stories(id, created_at) VALUES (?1, ?2)").bind(1, story).bind(2, m_at).run();
  }
  m_db.query("UPDATE items SET story_id = ?1 WHERE id = ?2").bind(1, story).bind(2, item_id).run();
  index_item(m_db, item_id, m_at, hashes);
  return story;
}

void index_item(sql::Connection& db, std::int64_t item_id, std::int64_t first_seen,
                const std::vector<std::int64_t>& hashes) {
  auto item = db.query(
      "INSERT INTO story_items(item_id, first_seen, hashes) VALUES (?1, ?2, ?3) "
      "ON CONFLICT(item_id) DO UPDATE SET first_seen = excluded.first_seen, hashes = excluded.hashes");
  item.bind(1, item_id).bind(2, first_seen).bind_blob(3, encode(hashes)).run();
  for (std::int64_t token : hashes) {
    auto q = db.query(
        "INSERT INTO story_postings(token, first_seen, item_id, size) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING");
    q.bind(1, token).bind(2, first_seen).bind(3, item_id).bind(4, static_cast<std::int64_t>(hashes.size())).run();
    if (db.changes() == 0) continue;  // indexed already: counted already
    auto counted = db.query(
        "INSERT INTO story_tokens(token, postings) VALUES (?1, 1) "
        "ON CONFLICT(token) DO UPDATE SET postings = story_tokens.postings + 1");
    counted.bind(1, token).run();
  }
}

void unindex_item(sql::Connection& db, std::int64_t item_id) {
  std::int64_t first_seen = 0;
  std::vector<std::int64_t> hashes;
  {
    auto q = db.query("SELECT first_seen, hashes FROM story_items WHERE item_id = ?1");
    q.bind(1, item_id);
    if (!q.step()) return;
    first_seen = q.int64(0);
    hashes = decode(q.blob(1));
  }
  for (std::int64_t token : hashes) {
    auto q = db.query("DELETE FROM story_postings WHERE token = ?1 AND first_seen = ?2 AND item_id = ?3");
    q.bind(1, token).bind(2, first_seen).bind(3, item_id).run();
    if (db.changes() == 0) continue;
    db.query("UPDATE story_tokens SET postings = postings - 1 WHERE token = ?1").bind(1, token).run();
    db.query("DELETE FROM story_tokens WHERE token = ?1 AND postings <= 0").bind(1, token).run();
  }
  db.query("DELETE FROM story_items WHERE item_id = ?1").bind(1, item_id).run();
}

void reindex_item(sql::Connection& db, std::int64_t item_id, const std::set<std::string>& tokens) {
  std::optional<std::int64_t> first_seen;
  {
    auto q = db.query("SELECT first_seen FROM story_items WHERE item_id = ?1");
    q.bind(1, item_id);
    if (q.step()) first_seen = q.int64(0);
  }
  if (!first_seen) return;
  unindex_item(db, item_id);
  index_item(db, item_id, *first_seen, hashed(tokens));
}

int prune_index(sql::Connection& db, int batch) {
  std::optional<std::int64_t> newest;
  {
    auto q = db.query("SELECT MAX(first_seen) FROM story_items");
    if (q.step()) newest = q.opt_int64(0);
  }
  if (!newest) return 0;
  std::vector<std::int64_t> ids;
  {
    auto q = db.query("SELECT item_id FROM story_items WHERE first_seen < ?1 ORDER BY first_seen LIMIT ?2");
    q.bind(1, *newest - k_window_seconds - k_prune_margin_seconds).bind(2, batch);
    while (q.step()) ids.push_back(q.int64(0));
  }
  for (std::int64_t id : ids) unindex_item(db, id);
  return static_cast<int>(ids.size());
}

void fill_index(sql::Connection& db) {
  auto q = db.query(
      "SELECT id, first_seen, tokens FROM items WHERE story_id IS NOT NULL "
      "AND first_seen >= (SELECT MAX(first_seen) FROM items) - ?1");
  q.bind(1, k_window_seconds);
  while (q.step()) {
    std::set<std::string> tokens;
    const std::string text = q.text(2);
    for (std::size_t start = 0; start < text.size();) {
      std::size_t end = text.find(' ', start);
      if (end == std::string::npos) end = text.size();
      if (end > start) tokens.insert(text.substr(start, end - start));
      start = end + 1;
    }
    index_item(db, q.int64(0), q.int64(1), hashed(tokens));
  }
}

}  // namespace newswatch::stories
