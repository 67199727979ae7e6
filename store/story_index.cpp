// Story assignment whose cost does not grow with the store (issue 10).
//
// The rule is stories.cpp's: a new item joins the story of the item of ANOTHER site, first seen within
// the window before it, with the highest Jaccard similarity of token sets, when that is at least the
// threshold; ties go to the newest such item (largest first_seen, then id), as the old scan of the
// window, newest first, kept the first best it met. Only the way candidates are found changed.
//
// Three tables hold the items of the window: story_items (item id, first_seen, its token hashes as a
// blob), story_tokens (each token's number of postings) and story_blocks (migration step 10): a token's
// postings packed into blocks of up to k_block_postings, (item id, the item's token count) each, appended
// in the order items are indexed, so reading a token's list is one row per 64 postings rather than one
// row per posting (a SQLite row costs ~50x the decoding of a posting; in a first round of 10,000 sites
// every token of an item is carried by ~1,000 items of the window). Each block keeps the newest
// first_seen of its postings, so blocks wholly before the window are not decoded; a posting of a block
// that straddles the window start is dropped when its item is verified (story_items.first_seen). An item
// is indexed when it is stored, re-indexed when a revision changes its tokens (its postings are taken
// out of their blocks, then appended anew), and removed by retention once it has left the window
// (prune_index).
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
// Two bounds keep the work per item flat however full the window is. A token's postings are read newest
// first, at most k_postings_per_token of them. And when the prefix lists of x hold more than
// k_postings_per_item postings in all (story_tokens says so before any is read), every list is read only
// down to one horizon of item ids, the newest ids that would hold about that many postings were the lists
// spread evenly over the window: x is then compared with the items above the horizon only, and since it
// is the same for every list, their counts, and so the bound above, stay exact. A match is missed only when
// the words it shares with x are common in the window (thousands of carriers: the first round of 10,000
// sites of bench/scale.sh, whose 4,096 names each head ~1,000 items); a headline with names and places
// among its rarer words has short lists and is compared with the whole window. Without these bounds that
// first round reads ~20,000 postings per item. Below both, the result is exactly the full scan's
// (StoryIndex.GeneratedCorpus_GivesTheStoriesOfTheOldWindowScan).

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/unordered/unordered_flat_map.hpp>

#include "store/stories.h"

namespace newswatch::stories {
namespace {

constexpr std::int64_t k_window_seconds = k_story_window_seconds;
constexpr double k_threshold = k_same_event_threshold;
/// The postings read per token of an item's prefix, newest first (see above).
constexpr int k_postings_per_token = 2000;
/// The postings an item's prefix lists may hold before they are read only down to a horizon (see above).
constexpr std::int64_t k_postings_per_item = 2000;
/// Pruning leaves a day more than the window, for a clock set back a little.
constexpr std::int64_t k_prune_margin_seconds = 86400;
/// Postings per story_blocks row: 64 x 10 bytes keeps the row inside its B-tree page (no overflow page).
constexpr std::size_t k_block_postings = 64;
/// One posting in a block: the item id (8 bytes) and its token count (2 bytes), little-endian.
constexpr std::size_t k_posting_bytes = 10;
/// A token count too large for a posting's two bytes: the size bound is not used for such an item.
constexpr std::size_t k_size_unknown = 0xFFFF;

struct BlockPosting {
  std::int64_t item_id = 0;
  std::size_t size = 0;
};

BlockPosting posting_at(const std::string& block, std::size_t index) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(block.data() + index * k_posting_bytes);
  std::uint64_t id = 0;
  for (int byte = 7; byte >= 0; --byte) id = (id << 8) | bytes[byte];
  return {static_cast<std::int64_t>(id), static_cast<std::size_t>(bytes[8] | (bytes[9] << 8))};
}

void append_posting(std::string& block, std::int64_t item_id, std::size_t size) {
  auto id = static_cast<std::uint64_t>(item_id);
  for (int byte = 0; byte < 8; ++byte) block += static_cast<char>((id >> (8 * byte)) & 0xFF);
  const std::size_t stored = std::min(size, k_size_unknown);
  block += static_cast<char>(stored & 0xFF);
  block += static_cast<char>(stored >> 8);
}

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

namespace {

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

/// Per candidate, the postings met in an item's prefix and the candidate's token count. The window's
/// item ids are nearly consecutive (ids grow as items are stored; story_items holds the window's), so
/// the counts live in an array indexed by id - the least indexed id, a few nanoseconds a posting where a
/// hash map took ~80 ns; an id outside that range (none in practice) is counted in a map.
class StoryIndex::Tally {
 public:
  struct Count {
    std::uint32_t hits = 0;
    std::uint32_t size = 0;
  };
  /// Ready for the postings of the item `item_id`: every indexed id is below it.
  void start(sql::Connection& db, std::int64_t item_id) {
    if (!m_first) {
      auto q = db.query("SELECT MIN(item_id) FROM story_items");
      m_first = q.step() ? q.opt_int64(0).value_or(item_id) : item_id;
    }
    const std::int64_t span = item_id - *m_first;
    if (span > 0 && span <= k_dense_span) m_dense.resize(static_cast<std::size_t>(span));
  }
  void add(std::int64_t id, std::size_t size) {
    Count& count = slot(id);
    if (count.hits++ == 0) m_met.push_back(id);
    count.size = static_cast<std::uint32_t>(size);
  }
  /// The least item id an item's prefix `lists` ((postings, token), from prefix()) are read down to: every id
  /// when they hold at most k_postings_per_item postings in all, else the newest ids, as many as would
  /// hold about that many if each list's postings were spread evenly over the window's ids.
  std::int64_t horizon(std::int64_t item_id, const std::vector<std::pair<std::int64_t, std::int64_t>>& lists) const {
    std::int64_t total = 0;
    for (const auto& list : lists) total += list.first;
    const std::int64_t span = item_id - m_first.value_or(item_id);
    if (total <= k_postings_per_item || span <= 0) return 0;
    return item_id - std::max<std::int64_t>(1, span * k_postings_per_item / total);
  }
  /// How many of a list's newest blocks hold what best_match reads of its `postings` above `horizon`: every
  /// posting up to the per-token cap, or the share above the horizon were they spread evenly; two more for a
  /// part-filled newest block and rounding. An estimate: a list that needs more is read on (read_postings).
  std::int64_t blocks_to_read(std::int64_t postings, std::int64_t horizon, std::int64_t item_id) const {
    std::int64_t wanted = std::min<std::int64_t>(postings, k_postings_per_token);
    const std::int64_t span = item_id - m_first.value_or(item_id);
    if (horizon > 0 && span > 0) wanted = std::min(wanted, postings * (item_id - horizon) / span + 1);
    return wanted / static_cast<std::int64_t>(k_block_postings) + 2;
  }
  /// The candidates in the order first met.
  const std::vector<std::int64_t>& met() const { return m_met; }
  Count at(std::int64_t id) { return slot(id); }
  /// Forgets the last item's counts (only the entries it touched).
  void clear() {
    for (std::int64_t id : m_met) slot(id) = {};
    m_sparse.clear();
    m_met.clear();
  }

 private:
  Count& slot(std::int64_t id) {
    const std::int64_t offset = id - m_first.value_or(0);
    if (offset >= 0 && offset < static_cast<std::int64_t>(m_dense.size()))
      return m_dense[static_cast<std::size_t>(offset)];
    return m_sparse[id];
  }
  /// Beyond this many ids between the oldest indexed item and the new one, counts go to the map (64 MB).
  static constexpr std::int64_t k_dense_span = std::int64_t{1} << 23;
  std::optional<std::int64_t> m_first;
  std::vector<Count> m_dense;
  boost::unordered_flat_map<std::int64_t, Count> m_sparse;
  std::vector<std::int64_t> m_met;
};

StoryIndex::StoryIndex(sql::Connection& db, std::string_view site, std::int64_t at)
    : m_db(db), m_site(site), m_at(at), m_tally(std::make_unique<Tally>()) {}

StoryIndex::~StoryIndex() = default;

/// The `length` tokens of `hashes` with the fewest postings in the index (ties by hash), as (postings, token).
StoryIndex::Lists StoryIndex::prefix(const std::vector<std::int64_t>& hashes, std::size_t length) {
  std::vector<std::pair<std::int64_t, std::int64_t>> counted;  // (postings, token)
  counted.reserve(hashes.size());
  if (m_db.dialect() == sql::Dialect::postgres) {
    // One round trip for all the item's tokens: on a server each query costs ~0.1 ms of latency.
    std::unordered_map<std::int64_t, std::int64_t> postings;
    auto q = m_db.query("SELECT token, postings FROM story_tokens WHERE token = ANY(CAST(?1 AS BIGINT[]))");
    q.bind(1, pg_array(hashes));
    while (q.step()) postings[q.int64(0)] = q.int64(1);
    for (std::int64_t token : hashes) counted.emplace_back(postings.count(token) ? postings[token] : 0, token);
  } else {
    for (std::int64_t token : hashes) {
      auto q = m_db.query("SELECT postings FROM story_tokens WHERE token = ?1");
      q.bind(1, token);
      counted.emplace_back(q.step() ? q.int64(0) : 0, token);
    }
  }
  std::sort(counted.begin(), counted.end());
  counted.resize(std::min(length, counted.size()));
  return counted;
}

/// Counts each prefix list's postings in the tally, newest first: k_postings_per_token at most per list, none
/// below `horizon` (a list stops at its first block holding nothing above it: older blocks hold older ids but
/// for a revision's re-appended ones), blocks wholly older than `window_start` skipped.
void StoryIndex::read_postings(const Lists& lists, std::int64_t item_id, std::int64_t horizon,
                               std::int64_t window_start) {
  Tally& tally = *m_tally;
  // One block of a list: counts its postings, newest last in the block; false when the list is done.
  auto take = [&](std::size_t& read, const std::string& block) {
    bool newer = false;
    for (std::size_t i = block.size() / k_posting_bytes; i > 0 && read < k_postings_per_token; --i) {
      const BlockPosting p = posting_at(block, i - 1);
      if (p.item_id < horizon) continue;
      newer = true;
      tally.add(p.item_id, p.size);
      ++read;
    }
    return newer && read < k_postings_per_token;
  };
  // A list from its block `below` (exclusive) down: SQLite's way, and PostgreSQL's for a list the batch cut short.
  auto read_on = [&](std::int64_t token, std::int64_t below, std::size_t read) {
    auto q = m_db.query(
        "SELECT postings FROM story_blocks WHERE token = ?1 AND block < ?2 AND newest >= ?3 ORDER BY block DESC");
    q.bind(1, token).bind(2, below).bind(3, window_start);
    while (q.step() && take(read, q.blob(0))) {
    }
  };
  if (m_db.dialect() != sql::Dialect::postgres) {
    for (const auto& list : lists) read_on(list.second, std::numeric_limits<std::int64_t>::max(), 0);
    return;
  }
  // PostgreSQL: every list's estimated newest blocks in one round trip, then any list that wants more.
  std::vector<std::int64_t> tokens, limits;
  for (const auto& [postings, token] : lists) {
    tokens.push_back(token);
    limits.push_back(tally.blocks_to_read(postings, horizon, item_id));
  }
  struct ListState {
    std::size_t read = 0;
    std::int64_t rows = 0, last_block = 0;
    bool wants_more = true;
  };
  boost::unordered_flat_map<std::int64_t, ListState> state;
  {
    auto q = m_db.query(
        "SELECT t.token, b.block, b.postings FROM unnest(CAST(?1 AS BIGINT[]), CAST(?2 AS BIGINT[])) AS t(token, n) "
        "CROSS JOIN LATERAL (SELECT block, postings FROM story_blocks s WHERE s.token = t.token "
        "AND s.newest >= CAST(?3 AS BIGINT) ORDER BY s.block DESC LIMIT t.n) b ORDER BY t.token, b.block DESC");
    q.bind(1, pg_array(tokens)).bind(2, pg_array(limits)).bind(3, window_start);
    while (q.step()) {
      ListState& list = state[q.int64(0)];
      ++list.rows;
      list.last_block = q.int64(1);
      if (list.wants_more) list.wants_more = take(list.read, q.blob(2));
    }
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    auto found = state.find(tokens[i]);
    if (found == state.end()) continue;  // no block in the window
    const ListState& list = found->second;
    if (list.wants_more && list.rows == limits[i]) read_on(tokens[i], list.last_block, list.read);
  }
}

std::optional<StoryIndex::Best> StoryIndex::best_match(std::int64_t item_id, const std::vector<std::int64_t>& hashes) {
  if (hashes.empty()) return std::nullopt;  // Jaccard 0 with everything
  const std::size_t k = least_overlap(hashes.size());
  const std::int64_t window_start = m_at - k_window_seconds;
  Tally& tally = *m_tally;
  tally.clear();
  tally.start(m_db, item_id);
  const auto lists = prefix(hashes, hashes.size() - k + 1);
  read_postings(lists, item_id, tally.horizon(item_id, lists), window_start);
  std::optional<Best> best;
  // Whether candidate `id` could still reach the threshold, and beat `best`, at its best possible overlap.
  auto could_win = [&](std::int64_t id) {
    const Tally::Count s = tally.at(id);
    if (s.size == k_size_unknown) return true;  // a token count too large for its posting: compared without the bound
    const std::size_t bound = std::min<std::size_t>(s.hits + k - 1, std::min<std::size_t>(s.size, hashes.size()));
    const double most = jaccard_of(hashes.size(), s.size, bound);
    return most >= k_threshold && !(best && most < best->score);
  };
  // The exact comparison; the best is the highest score, ties to the newest item, whatever the order of calls.
  auto consider = [&](const sql::Query& row) {
    const std::int64_t id = row.int64(0);
    const std::string blob = row.blob(1);
    const std::int64_t first_seen = row.int64(2);
    const std::vector<std::int64_t> other = decode(blob);
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
  if (m_db.dialect() == sql::Dialect::postgres) {
    // Every candidate in one round trip (a query each would cost ~0.1 ms of latency apiece on a server).
    std::vector<std::int64_t> candidates;
    for (std::int64_t id : tally.met())
      if (could_win(id)) candidates.push_back(id);
    if (candidates.empty()) return best;
    auto q = m_db.query(verified + "s.item_id = ANY(CAST(?1 AS BIGINT[]))");
    q.bind(1, pg_array(candidates)).bind(2, window_start).bind(3, m_site);
    while (q.step()) consider(q);
    return best;
  }
  for (std::int64_t id : tally.met()) {
    if (!could_win(id)) continue;
    auto q = m_db.query(verified + "s.item_id = ?1");
    q.bind(1, id).bind(2, window_start).bind(3, m_site);
    if (q.step()) consider(q);
  }
  return best;
}

std::string StoryIndex::assign(std::int64_t item_id, const std::set<std::string>& item_tokens) {
  const std::vector<std::int64_t> hashes = hashed(item_tokens);
  std::string story;
  if (auto best = best_match(item_id, hashes)) story = best->story_id;
  if (story.empty()) {
    story = "s" + std::to_string(item_id);
    m_db.query("INSERT INTO stories(id, created_at) VALUES (?1, ?2)").bind(1, story).bind(2, m_at).run();
  }
  m_db.query("UPDATE items SET story_id = ?1 WHERE id = ?2").bind(1, story).bind(2, item_id).run();
  index_item(m_db, item_id, m_at, hashes);
  return story;
}

namespace {

/// PostgreSQL: the item's row, a posting appended to each token's newest block (a new block when it is full
/// or the token has none) and every token's count, in one statement. The posting is the same bytes for each
/// token, so the append is set-based; the sub-statements touch disjoint rows (the new blocks are numbered past
/// the newest). A round trip costs ~0.1 ms on a server: the loop below would make three per token.
constexpr const char* k_index_item_pg = R"sql(
WITH t AS (SELECT unnest(CAST(?1 AS BIGINT[])) AS token),
last AS (
  SELECT t.token, b.block, length(b.postings) AS bytes FROM t CROSS JOIN LATERAL
    (SELECT block, postings FROM story_blocks s WHERE s.token = t.token ORDER BY block DESC LIMIT 1) b),
item AS (
  INSERT INTO story_items(item_id, first_seen, hashes) VALUES (CAST(?4 AS BIGINT), CAST(?3 AS BIGINT), CAST(?5 AS BYTEA))),
appended AS (
  UPDATE story_blocks s SET postings = s.postings || CAST(?2 AS BYTEA), newest = GREATEST(s.newest, CAST(?3 AS BIGINT))
  FROM last WHERE s.token = last.token AND s.block = last.block AND last.bytes < CAST(?6 AS BIGINT)),
started AS (
  INSERT INTO story_blocks(token, block, newest, postings)
  SELECT t.token, COALESCE(last.block + 1, 0), CAST(?3 AS BIGINT), CAST(?2 AS BYTEA)
  FROM t LEFT JOIN last ON last.token = t.token WHERE last.token IS NULL OR last.bytes >= CAST(?6 AS BIGINT))
INSERT INTO story_tokens(token, postings) SELECT token, 1 FROM t
ON CONFLICT (token) DO UPDATE SET postings = story_tokens.postings + 1
)sql";

}  // namespace

void index_item(sql::Connection& db, std::int64_t item_id, std::int64_t first_seen,
                const std::vector<std::int64_t>& hashes) {
  if (db.dialect() == sql::Dialect::postgres) {
    std::string posting;
    append_posting(posting, item_id, hashes.size());
    auto q = db.query(k_index_item_pg);
    q.bind(1, pg_array(hashes)).bind_blob(2, posting).bind(3, first_seen).bind(4, item_id);
    q.bind_blob(5, encode(hashes)).bind(6, static_cast<std::int64_t>(k_block_postings * k_posting_bytes)).run();
    return;
  }
  auto item = db.query("INSERT INTO story_items(item_id, first_seen, hashes) VALUES (?1, ?2, ?3)");
  item.bind(1, item_id).bind(2, first_seen).bind_blob(3, encode(hashes)).run();
  for (std::int64_t token : hashes) {
    std::optional<std::int64_t> last;
    std::int64_t newest = first_seen;
    std::string block;
    {
      auto q =
          db.query("SELECT block, newest, postings FROM story_blocks WHERE token = ?1 ORDER BY block DESC LIMIT 1");
      q.bind(1, token);
      if (q.step()) last = q.int64(0), newest = std::max(newest, q.int64(1)), block = q.blob(2);
    }
    if (last && block.size() < k_block_postings * k_posting_bytes) {
      append_posting(block, item_id, hashes.size());
      auto update = db.query("UPDATE story_blocks SET newest = ?3, postings = ?4 WHERE token = ?1 AND block = ?2");
      update.bind(1, token).bind(2, *last).bind(3, newest).bind_blob(4, block).run();
    } else {
      block.clear();
      append_posting(block, item_id, hashes.size());
      auto insert = db.query("INSERT INTO story_blocks(token, block, newest, postings) VALUES (?1, ?2, ?3, ?4)");
      insert.bind(1, token).bind(2, last ? *last + 1 : 0).bind(3, first_seen).bind_blob(4, block).run();
    }
    auto counted = db.query(
        "INSERT INTO story_tokens(token, postings) VALUES (?1, 1) "
        "ON CONFLICT(token) DO UPDATE SET postings = story_tokens.postings + 1");
    counted.bind(1, token).run();
  }
}

namespace {

/// Takes `item_id`'s posting out of `token`'s blocks (an emptied block goes); false when it has none.
/// Blocks are searched oldest first when the item is old (retention), newest first otherwise.
bool remove_posting(sql::Connection& db, std::int64_t token, std::int64_t item_id, bool oldest_first) {
  std::optional<std::int64_t> found;
  std::string block;
  {
    auto q = db.query(oldest_first ? "SELECT block, postings FROM story_blocks WHERE token = ?1 ORDER BY block"
                                   : "SELECT block, postings FROM story_blocks WHERE token = ?1 ORDER BY block DESC");
    q.bind(1, token);
    while (!found && q.step()) {
      block = q.blob(1);
      for (std::size_t i = 0; i < block.size() / k_posting_bytes; ++i) {
        if (posting_at(block, i).item_id != item_id) continue;
        block.erase(i * k_posting_bytes, k_posting_bytes);
        found = q.int64(0);
        break;
      }
    }
  }
  if (!found) return false;
  if (block.empty()) {
    db.query("DELETE FROM story_blocks WHERE token = ?1 AND block = ?2").bind(1, token).bind(2, *found).run();
  } else {
    auto update = db.query("UPDATE story_blocks SET postings = ?3 WHERE token = ?1 AND block = ?2");
    update.bind(1, token).bind(2, *found).bind_blob(3, block).run();
  }
  return true;
}

}  // namespace

void unindex_item(sql::Connection& db, std::int64_t item_id, bool oldest_first) {
  std::vector<std::int64_t> hashes;
  {
    auto q = db.query("SELECT hashes FROM story_items WHERE item_id = ?1");
    q.bind(1, item_id);
    if (!q.step()) return;
    hashes = decode(q.blob(0));
  }
  for (std::int64_t token : hashes) {
    if (!remove_posting(db, token, item_id, oldest_first)) continue;
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
  for (std::int64_t id : ids) unindex_item(db, id, true);
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
