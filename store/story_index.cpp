// Story assignment whose cost does not grow with the store (issue 10).
//
// The rule is stories.cpp's: a new item joins the story of the item of ANOTHER site, first seen within
// the window before it, with the highest Jaccard similarity of token sets, when that is at least the
// threshold; ties go to the newest such item (largest first_seen, then id), as the old scan of the
// window, newest first, kept the first best it met. Only the way candidates are found changed.
//
// story_items holds the items of the window (item id, first_seen, its token hashes as a blob); each
// token's postings, the window's items that carry it in the order they were indexed, are held in memory
// and caught up from story_items before each crawl (story_postings.cpp). An item is indexed when it is
// stored, indexed anew when a revision changes its tokens, and removed by retention once it has left the
// window (prune_index).
//
// Prefix filtering (Chaudhuri et al. 2006; Bayardo et al. 2007): when J(x, y) >= t then y holds at
// least k of x's tokens, k the least integer with k/|x| >= t (J <= |x∩y|/|x|). So y holds one of ANY
// |x| - k + 1 tokens of x; we read the postings of x's rarest tokens (the common words, "north" and
// "korea", are never read). A candidate met p times in that prefix shares at most p + k - 1 tokens with
// x; when even that bound gives a Jaccard below the threshold (by the same floating-point formula) it is
// dropped unread. The rest are compared exactly on their stored hashes. The division c / (|x| + |y| - c)
// that decides is stories.cpp's, and rounding is monotonic, so the bound and the decision never disagree.
//
// Two bounds keep the work per item flat however full the window is. A token's postings are read newest
// first, at most k_postings_per_token of them. And when the prefix lists of x hold more than
// k_postings_per_item postings in all, every list is read only down to one horizon, the newest entries
// that would hold about that many postings were the lists spread evenly over the window: x is then
// compared with the items above the horizon only, and since it is the same for every list, their counts,
// and so the bound above, stay exact. A match is missed only when the words it shares with x are common in
// the window (thousands of carriers: the first round of 10,000 sites of bench/scale.sh, whose 4,096 names
// each head ~1,000 items); a headline with names and places among its rarer words has short lists and is
// compared with the whole window. Below both bounds, the result is exactly the full scan's
// (StoryIndex.GeneratedCorpus_GivesTheStoriesOfTheOldWindowScan).

#include <algorithm>
#include <string>
#include <vector>

#include "store/stories.h"

namespace newswatch::stories {
namespace {

constexpr std::int64_t k_window_seconds = k_story_window_seconds;
constexpr double k_threshold = k_same_event_threshold;
/// The postings read per token of an item's prefix, newest first (see above).
constexpr std::size_t k_postings_per_token = 2000;
/// The postings an item's prefix lists may hold before they are read only down to a horizon (see above).
constexpr std::uint64_t k_postings_per_item = 2000;
/// Pruning, and forgetting in memory, leave a day more than the window, for a clock set back a little.
constexpr std::int64_t k_prune_margin_seconds = 86400;

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

/// `ids` as a PostgreSQL array literal ("{1,2,3}") for `= ANY(CAST(?N AS BIGINT[]))`: unlike IN over a JSON
/// table, the planner searches the primary key for it, where the other form hash-joined a scan of the table.
std::string pg_array(const std::vector<std::int64_t>& ids) {
  std::string out = "{";
  for (std::int64_t id : ids) {
    if (out.size() > 1) out += ',';
    out += std::to_string(id);
  }
  return out + "}";
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

StoryIndex::StoryIndex(sql::Connection& db, StoryMemory& memory, std::string_view site, std::int64_t at)
    : m_db(db), m_memory(memory), m_site(site), m_at(at) {
  // Every item of another site this crawl may join is in story_items by now: earlier crawls of this batch
  // were written on this connection, and other processes' crawls committed before this one took its turn.
  // (Items of this crawl are of its own site: never candidates for each other.)
  m_memory.postings.catch_up(db);
  m_memory.postings.forget_before(at - k_window_seconds - k_prune_margin_seconds);
}

/// The `length` tokens of `hashes` with the fewest postings (ties by hash), as (postings, token). A list's
/// size counts entries gone but not yet compacted away: any prefix is exact, the sizes only pick the cheapest.
StoryIndex::Lists StoryIndex::prefix(const std::vector<std::int64_t>& hashes, std::size_t length) const {
  Lists counted;
  counted.reserve(hashes.size());
  for (std::int64_t token : hashes) {
    const auto* list = m_memory.postings.postings(token);
    counted.emplace_back(list ? list->size() : 0, token);
  }
  std::sort(counted.begin(), counted.end());
  counted.resize(std::min(length, counted.size()));
  return counted;
}

/// The first ordinal an item's prefix `lists` are read down to: the window's first when they hold at most
/// k_postings_per_item postings in all, else the newest ordinals, as many as would hold about that many if
/// each list's postings were spread evenly over the window.
std::uint32_t StoryIndex::horizon(const Lists& lists) const {
  std::uint64_t total = 0;
  for (const auto& list : lists) total += list.first;
  const StoryPostings& postings = m_memory.postings;
  const std::uint64_t span = postings.end() - postings.first_live();
  if (total <= k_postings_per_item || span == 0) return postings.first_live();
  return postings.end() - static_cast<std::uint32_t>(std::max<std::uint64_t>(1, span * k_postings_per_item / total));
}

/// Counts, per entry, the postings of the prefix `lists` met newest first down to `horizon`: at most
/// k_postings_per_token per list, entries gone or first seen before `window_start` passed over.
void StoryIndex::count_postings(const Lists& lists, std::uint32_t horizon, std::int64_t window_start) {
  const StoryPostings& postings = m_memory.postings;
  std::vector<std::uint32_t>& hits = m_memory.hits;
  if (hits.size() < postings.end()) hits.resize(postings.end(), 0);
  for (const auto& [size, token] : lists) {
    const auto* list = postings.postings(token);
    if (!list) continue;
    std::size_t read = 0;
    for (auto it = list->rbegin(); it != list->rend() && *it >= horizon && read < k_postings_per_token; ++it) {
      const StoryPostings::Entry& entry = postings.entry(*it);
      if (entry.gone || entry.first_seen < window_start) continue;
      if (hits[*it]++ == 0) m_memory.met.push_back(*it);
      ++read;
    }
  }
}

std::optional<StoryIndex::Best> StoryIndex::best_match(const std::vector<std::int64_t>& hashes) {
  if (hashes.empty()) return std::nullopt;  // Jaccard 0 with everything
  const std::size_t k = least_overlap(hashes.size());
  const std::int64_t window_start = m_at - k_window_seconds;
  const Lists lists = prefix(hashes, hashes.size() - k + 1);
  count_postings(lists, horizon(lists), window_start);
  std::optional<Best> best;
  // Whether the entry could still reach the threshold, and beat `best`, at its best possible overlap.
  auto could_win = [&](std::uint32_t ordinal) {
    const std::size_t size = m_memory.postings.entry(ordinal).size;
    const std::size_t bound = std::min(m_memory.hits[ordinal] + k - 1, std::min(size, hashes.size()));
    const double most = jaccard_of(hashes.size(), size, bound);
    return most >= k_threshold && !(best && most < best->score);
  };
  // The exact comparison; the best is the highest score, ties to the newest item, whatever the order of calls.
  auto consider = [&](const sql::Query& row) {
    const std::int64_t id = row.int64(0);
    const std::int64_t first_seen = row.int64(2);
    const std::vector<std::int64_t> other = decode_hashes(row.blob(1));
    const double score = jaccard_of(hashes.size(), other.size(), common_count(hashes, other));
    if (score < k_threshold) return;
    const bool better =
        !best || score > best->score ||
        (score == best->score && std::pair(first_seen, id) > std::pair(best->first_seen, best->item_id));
    if (better) best = Best{id, first_seen, score, row.text(3)};
  };
  const std::string verified =
      "SELECT s.item_id, s.hashes, s.first_seen, i.story_id FROM story_items s JOIN items i ON i.id = s.item_id "
      "WHERE s.first_seen >= ?2 AND i.site <> ?3 AND i.story_id IS NOT NULL AND ";
  std::vector<std::int64_t> candidates;
  for (std::uint32_t ordinal : m_memory.met)
    if (could_win(ordinal)) candidates.push_back(m_memory.postings.entry(ordinal).item_id);
  for (std::uint32_t ordinal : m_memory.met) m_memory.hits[ordinal] = 0;
  m_memory.met.clear();
  if (candidates.empty()) return best;
  if (m_db.dialect() == sql::Dialect::postgres) {
    // Every candidate in one round trip (a query each would cost ~0.1 ms of latency apiece on a server).
    auto q = m_db.query(verified + "s.item_id = ANY(CAST(?1 AS BIGINT[]))");
    q.bind(1, pg_array(candidates)).bind(2, window_start).bind(3, m_site);
    while (q.step()) consider(q);
    return best;
  }
  for (std::int64_t id : candidates) {
    auto q = m_db.query(verified + "s.item_id = ?1");
    q.bind(1, id).bind(2, window_start).bind(3, m_site);
    if (q.step()) consider(q);
  }
  return best;
}

std::string StoryIndex::assign(std::int64_t item_id, const std::set<std::string>& item_tokens) {
  const std::vector<std::int64_t> hashes = hashed(item_tokens);
  std::string story;
  if (auto best = best_match(hashes)) story = best->story_id;
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
  auto item = db.query("INSERT INTO story_items(item_id, first_seen, hashes) VALUES (?1, ?2, ?3)");
  item.bind(1, item_id).bind(2, first_seen).bind_blob(3, encode_hashes(hashes)).run();
}

void unindex_item(sql::Connection& db, std::int64_t item_id) {
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
  // A new row, so a new seq: every process's postings catch up with the new tokens (story_postings.cpp).
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
  auto q = db.query(
      "DELETE FROM story_items WHERE item_id IN "
      "(SELECT item_id FROM story_items WHERE first_seen < ?1 ORDER BY first_seen LIMIT ?2)");
  q.bind(1, *newest - k_window_seconds - k_prune_margin_seconds).bind(2, batch).run();
  return db.changes();
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
