#pragma once
// Story grouping of items from different sites: see stories.cpp.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/sql.h"
#include "store/story_postings.h"

namespace newswatch::stories {

/// An item is compared with the items of other sites first seen this long before it.
inline constexpr std::int64_t k_story_window_seconds = 72 * 3600;
/// Two token sets with at least this Jaccard similarity describe the same event.
inline constexpr double k_same_event_threshold = 0.36;

/// The normalised token set of a text: lower-case words, stopwords dropped, trailing 's' stemmed.
std::set<std::string> tokens(std::string_view text);
/// Tokens joined by spaces, as stored in items.tokens.
std::string join(const std::set<std::string>& tokens);
/// |a ∩ b| / |a ∪ b|; 0 when both are empty.
double jaccard(const std::set<std::string>& a, const std::set<std::string>& b);
/// True when two token sets describe the same event by the store's threshold.
bool same_event(const std::set<std::string>& a, const std::set<std::string>& b);

/// A token's hash as story_items stores it: 64-bit FNV-1a, the same in every build (std::hash is not).
std::int64_t token_hash(std::string_view token);
/// The sorted, distinct token_hash()es of `tokens`.
std::vector<std::int64_t> hashed(const std::set<std::string>& tokens);

/// What story assignment keeps from one crawl to the next (the SqlStore holds one): the window's postings,
/// and per entry of them a counter that StoryIndex leaves at zero between items.
struct StoryMemory {
  StoryPostings postings;
  std::vector<std::uint32_t> hits;  ///< by ordinal
  std::vector<std::uint32_t> met;   ///< the ordinals whose counter is not zero
};

/// Story assignment for one crawl's new items (story_index.cpp): candidates come from the postings of the
/// item's rarer tokens inside the window, then each is compared exactly.
class StoryIndex {
 public:
  /// Story assignment for items of `site` first seen at `at`; catches `memory` up with story_items. Throws
  /// SqlError.
  StoryIndex(sql::Connection& db, StoryMemory& memory, std::string_view site, std::int64_t at);

  /// Links a newly inserted item to the best-matching story, else a new one ("s" + item id), and
  /// indexes the item for later crawls; returns the story id. Throws SqlError.
  std::string assign(std::int64_t item_id, const std::set<std::string>& item_tokens);

 private:
  struct Best {
    std::int64_t item_id = 0;
    std::int64_t first_seen = 0;
    double score = 0.0;
    std::string story_id;
  };
  using Lists = std::vector<std::pair<std::uint64_t, std::int64_t>>;  ///< (postings, token) per prefix token
  Lists prefix(const std::vector<std::int64_t>& hashes, std::size_t length) const;
  std::uint32_t horizon(const Lists& lists) const;
  void count_postings(const Lists& lists, std::uint32_t horizon, std::int64_t window_start);
  std::optional<Best> best_match(const std::vector<std::int64_t>& hashes);

  sql::Connection& m_db;
  StoryMemory& m_memory;
  std::string m_site;
  std::int64_t m_at;
};

/// Adds item `item_id` (its first_seen and token hashes) to story_items; the item must not be there (a new
/// item, or one unindex_item took out). Throws SqlError.
void index_item(sql::Connection& db, std::int64_t item_id, std::int64_t first_seen,
                const std::vector<std::int64_t>& hashes);
/// After a revision: an indexed item is indexed anew with its new tokens; an item no longer indexed
/// (pruned, or older than the index) stays out. Throws SqlError.
void reindex_item(sql::Connection& db, std::int64_t item_id, const std::set<std::string>& tokens);
/// Removes an item from story_items (nothing when it is not there). Throws SqlError.
void unindex_item(sql::Connection& db, std::int64_t item_id);
/// Removes from story_items at most `batch` items first seen more than the story window (and a day's
/// margin for a clock set back) before the newest indexed item; returns how many. Throws SqlError.
int prune_index(sql::Connection& db, int batch);
/// Indexes the stored items of the window before the newest item (migration step 12). Throws SqlError.
void fill_index(sql::Connection& db);

/// The distinct sites with an item in the story, by name.
std::vector<std::string> sources(sql::Connection& db, const std::string& story_id);
/// sources() of each of `story_ids` ('' and repeats are skipped) in one read: story id -> its sites.
std::unordered_map<std::string, std::vector<std::string>> sources(sql::Connection& db,
                                                                  const std::vector<std::string>& story_ids);

}  // namespace newswatch::stories
