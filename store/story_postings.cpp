// The story window's postings, held in memory and caught up from story_items (issue 10).
//
// story_items is the index's only copy in the database: one row per indexed item (its first_seen and token
// hashes), numbered by `seq` (AUTOINCREMENT on SQLite, an identity on PostgreSQL) in the order rows were
// written. Each process keeps every token's postings in memory and, before a crawl assigns stories, reads the
// rows numbered past the last one it read: its own earlier crawls' and any other process's on the same
// database. Rows are written only by writers in their turn (sql::Turn::take: one at a time across processes),
// so the numbers grow in commit order and a catch-up never skips a row committed before it.
//
// Writing an item's ~30 postings into packed blocks in the database (migration 11) cost two B-tree writes per
// token per item, on pages that grow apart as the window fills: at 10,000 sites that was a quarter of the
// first round's CPU and most of its commits' pages. In memory a posting is 4 bytes (the entry's ordinal).
//
// What may go stale is harmless by construction: an item deleted by retention or another process keeps its
// entry until it leaves the window, and StoryIndex's exact comparison reads the candidate's current row (a
// gone row is no candidate). Only a rollback of a writer's transaction or savepoint on this connection could
// lose rows (rows read inside it may be undone, and SQLite gives their numbers out again to the next rows), so
// after one the postings are read again from the start, as at the first call.

#include "store/story_postings.h"

#include <algorithm>

#include <spdlog/spdlog.h>

namespace newswatch::stories {

std::string encode_hashes(const std::vector<std::int64_t>& hashes) {
  std::string out;
  out.reserve(hashes.size() * 8);
  for (std::int64_t h : hashes) {
    auto u = static_cast<std::uint64_t>(h);
    for (int byte = 0; byte < 8; ++byte) out += static_cast<char>((u >> (8 * byte)) & 0xFF);  // little-endian
  }
  return out;
}

std::vector<std::int64_t> decode_hashes(std::string_view blob) {
  std::vector<std::int64_t> out(blob.size() / 8);
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::uint64_t u = 0;
    for (int byte = 7; byte >= 0; --byte) u = (u << 8) | static_cast<unsigned char>(blob[i * 8 + byte]);
    out[i] = static_cast<std::int64_t>(u);
  }
  return out;
}

void StoryPostings::catch_up(sql::Connection& db) {
  if (m_loaded && db.writer_rollbacks() != m_rollbacks) {
    spdlog::debug("story postings read again after a rollback ({} items held)", m_live_ordinal.size());
    clear();
  }
  m_rollbacks = db.writer_rollbacks();
  m_loaded = true;
  auto q = db.query("SELECT seq, item_id, first_seen, hashes FROM story_items WHERE seq > ?1 ORDER BY seq");
  q.bind(1, m_last_seq);
  while (q.step()) {
    m_last_seq = q.int64(0);
    add(q.int64(1), q.int64(2), decode_hashes(q.blob(3)));
  }
}

void StoryPostings::add(std::int64_t item_id, std::int64_t first_seen, const std::vector<std::int64_t>& hashes) {
  const auto ordinal = static_cast<std::uint32_t>(m_entries.size());
  if (auto it = m_live_ordinal.find(item_id); it != m_live_ordinal.end()) mark_gone(it->second);  // re-indexed
  m_entries.push_back({item_id, first_seen, static_cast<std::uint32_t>(hashes.size()), false});
  m_live_ordinal[item_id] = ordinal;
  for (std::int64_t token : hashes) m_lists[token].push_back(ordinal);
  m_postings += hashes.size();
  m_live_postings += hashes.size();
  if (m_live_ordinal.size() > m_max_items && !m_cap_reached) {
    m_cap_reached = true;  // said once per process: it holds from now on
    spdlog::info("story window holds more than {} items: new items are compared with the newest {} only", m_max_items,
                 m_max_items);
  }
  while (m_live_ordinal.size() > m_max_items) mark_gone(m_first_live++);  // the oldest first
  compact_when_mostly_gone(std::nullopt);
}

void StoryPostings::mark_gone(std::uint32_t ordinal) {
  Entry& entry = m_entries[ordinal];
  if (entry.gone) return;
  entry.gone = true;
  m_live_postings -= entry.size;
  if (auto it = m_live_ordinal.find(entry.item_id); it != m_live_ordinal.end() && it->second == ordinal)
    m_live_ordinal.erase(it);
}

void StoryPostings::forget_before(std::int64_t window_start) {
  // Entries are read in the order items were indexed, so the window's start moves over a prefix of them; an
  // old item re-indexed late waits for the compaction, which looks at every entry.
  while (m_first_live < m_entries.size() &&
         (m_entries[m_first_live].gone || m_entries[m_first_live].first_seen < window_start))
    mark_gone(m_first_live++);
  compact_when_mostly_gone(window_start);
}

/// Drops gone entries and their postings, and renumbers the rest, once gone postings outweigh live ones (or the
/// ordinals near 32 bits): each compaction costs what is held, and twice that has been added since the last.
void StoryPostings::compact_when_mostly_gone(std::optional<std::int64_t> window_start) {
  constexpr std::uint64_t k_slack = 1 << 16;
  if (m_postings <= 2 * m_live_postings + k_slack && m_entries.size() <= (std::uint32_t{1} << 31)) return;
  if (window_start)
    for (std::uint32_t ordinal = m_first_live; ordinal < m_entries.size(); ++ordinal)
      if (m_entries[ordinal].first_seen < *window_start) mark_gone(ordinal);
  compact();
}

void StoryPostings::compact() {
  std::vector<std::uint32_t> renumbered(m_entries.size(), 0);
  std::vector<Entry> kept;
  kept.reserve(m_live_ordinal.size());
  for (std::uint32_t ordinal = 0; ordinal < m_entries.size(); ++ordinal) {
    if (m_entries[ordinal].gone) continue;
    renumbered[ordinal] = static_cast<std::uint32_t>(kept.size());
    kept.push_back(m_entries[ordinal]);
  }
  m_postings = 0;
  for (auto& [token, list] : m_lists) {
    std::size_t out = 0;
    for (std::uint32_t ordinal : list)
      if (!m_entries[ordinal].gone) list[out++] = renumbered[ordinal];
    list.resize(out);
    list.shrink_to_fit();
    m_postings += list.size();
  }
  boost::unordered::erase_if(m_lists, [](const auto& token_list) { return token_list.second.empty(); });
  m_entries = std::move(kept);
  m_live_ordinal.clear();
  for (std::uint32_t ordinal = 0; ordinal < m_entries.size(); ++ordinal)
    m_live_ordinal[m_entries[ordinal].item_id] = ordinal;
  m_first_live = 0;
}

void StoryPostings::clear() {
  const bool cap_reached = m_cap_reached;
  *this = StoryPostings{m_max_items};
  m_cap_reached = cap_reached;
}

const std::vector<std::uint32_t>* StoryPostings::postings(std::int64_t token) const {
  auto it = m_lists.find(token);
  return it == m_lists.end() ? nullptr : &it->second;
}

}  // namespace newswatch::stories
