#pragma once
// The story window's postings in memory (story_postings.cpp): for each token, the items of the window that
// carry it, newest last. Derived from story_items, the only copy in the database, and caught up with it
// before each crawl's story assignment (StoryIndex in stories.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/unordered/unordered_flat_map.hpp>

#include "store/sql.h"

namespace newswatch::stories {

/// story_items.hashes: an item's sorted token hashes, 8 bytes each, little-endian.
std::string encode_hashes(const std::vector<std::int64_t>& hashes);
/// The hashes encode_hashes() wrote (a trailing partial hash is ignored).
std::vector<std::int64_t> decode_hashes(std::string_view blob);

/// The items whose postings are held at most (~200 bytes each: ~100 MB). Past it the oldest are forgotten
/// first, so a window holding more items compares a new one with the newest this many only.
inline constexpr std::size_t k_max_held_items = 500'000;

class StoryPostings {
 public:
  explicit StoryPostings(std::size_t max_items = k_max_held_items) : m_max_items(max_items) {}

  /// One indexing of an item: its id, first_seen and number of tokens. An item re-indexed after a revision
  /// gets a new entry; the old one is marked gone.
  struct Entry {
    std::int64_t item_id = 0;
    std::int64_t first_seen = 0;
    std::uint32_t size = 0;
    bool gone = false;
  };

  /// Reads the story_items rows added since the last call (by this connection or another process), every row
  /// at the first call and after a rollback on `db` (which may have taken back rows read here). Throws SqlError.
  void catch_up(sql::Connection& db);
  /// Marks the entries first seen before `window_start` gone, and drops gone entries and their postings once
  /// they are most of what is held (amortised: memory follows the window, not what was ever indexed).
  void forget_before(std::int64_t window_start);

  /// The entries of `token`'s postings, oldest first (may name gone entries); nullptr when it has none.
  const std::vector<std::uint32_t>* postings(std::int64_t token) const;
  const Entry& entry(std::uint32_t ordinal) const { return m_entries[ordinal]; }
  /// Ordinals run from 0 to end(), in the order rows were read (story_items.seq).
  std::uint32_t end() const { return static_cast<std::uint32_t>(m_entries.size()); }
  /// The first ordinal that may be live (entries before it are gone).
  std::uint32_t first_live() const { return m_first_live; }
  /// The items held (at most the cap), and the postings held for them and for gone entries not yet dropped.
  std::size_t items() const { return m_live_ordinal.size(); }
  std::uint64_t held_postings() const { return m_postings; }

 private:
  void add(std::int64_t item_id, std::int64_t first_seen, const std::vector<std::int64_t>& hashes);
  void mark_gone(std::uint32_t ordinal);
  void compact_when_mostly_gone(std::optional<std::int64_t> window_start);
  void compact();
  void clear();

  std::size_t m_max_items;
  std::vector<Entry> m_entries;
  boost::unordered_flat_map<std::int64_t, std::vector<std::uint32_t>> m_lists;  ///< token -> ordinals
  boost::unordered_flat_map<std::int64_t, std::uint32_t> m_live_ordinal;        ///< item id -> its live entry
  std::uint32_t m_first_live = 0;
  std::uint64_t m_postings = 0;       ///< held in m_lists
  std::uint64_t m_live_postings = 0;  ///< of entries not gone
  std::int64_t m_last_seq = 0;        ///< the newest story_items.seq read
  std::uint64_t m_rollbacks = 0;      ///< db.writer_rollbacks() when last caught up
  bool m_loaded = false;
  bool m_cap_reached = false;  ///< the cap has forgotten an item of the window (logged once)
};

}  // namespace newswatch::stories
