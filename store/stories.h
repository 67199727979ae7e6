#pragma once
// Story grouping of items from different sites: see stories.cpp.

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/sql.h"

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

/// A token's hash as story_blocks stores it: 64-bit FNV-1a, the same in every build (std::hash is not).
std::int64_t token_hash(std::string_view token);
/// The sorted, distinct token_hash()es of `tokens`.
std::vector<std::int64_t> hashed(const std::set<std::string>& tokens);

/// Story assignment for one crawl's new items (story_index.cpp): candidates come from the story
/// postings of the item's rarer tokens inside the window, then each is compared exactly.
class StoryIndex {
 public:
  /// Story assignment for items of `site` first seen at `at`; reads nothing yet.
  StoryIndex(sql::Connection& db, std::string_view site, std::int64_t at);
  ~StoryIndex();
  StoryIndex(const StoryIndex&) = delete;
  StoryIndex& operator=(const StoryIndex&) = delete;

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
  using Lists = std::vector<std::pair<std::int64_t, std::int64_t>>;  ///< (postings, token) per prefix token
  Lists prefix(const std::vector<std::int64_t>& hashes, std::size_t length);
  void read_postings(const Lists& lists, std::int64_t item_id, std::int64_t horizon, std::int64_t window_start);
  std::optional<Best> best_match(std::int64_t item_id, const std::vector<std::int64_t>& hashes);

  class Tally;  // the postings met per candidate item, reused for each item of the crawl
  sql::Connection& m_db;
  std::string m_site;
  std::int64_t m_at;
  std::unique_ptr<Tally> m_tally;
};

/// Adds item `item_id` (its first_seen and token hashes) to the story postings; the item must not be indexed
/// (a new item, or one unindex_item took out). Throws SqlError.
void index_item(sql::Connection& db, std::int64_t item_id, std::int64_t first_seen,
                const std::vector<std::int64_t>& hashes);
/// After a revision: the postings of an indexed item follow its new tokens; an item no longer
/// indexed (pruned, or older than the index) stays out. Throws SqlError.
void reindex_item(sql::Connection& db, std::int64_t item_id, const std::set<std::string>& tokens);
/// Removes an item from the story postings (nothing when it is not there); `oldest_first` searches a
/// token's blocks from its oldest, where an item leaving the window is. Throws SqlError.
void unindex_item(sql::Connection& db, std::int64_t item_id, bool oldest_first = false);
/// Removes from the postings at most `batch` items first seen more than the story window (and a
/// day's margin for a clock set back) before the newest indexed item; returns how many. Throws SqlError.
int prune_index(sql::Connection& db, int batch);
/// Indexes the stored items of the window before the newest item (migration step 10). Throws SqlError.
void fill_index(sql::Connection& db);

/// The distinct sites with an item in the story, by name.
std::vector<std::string> sources(sql::Connection& db, const std::string& story_id);
/// sources() of each of `story_ids` ('' and repeats are skipped) in one read: story id -> its sites.
std::unordered_map<std::string, std::vector<std::string>> sources(sql::Connection& db,
                                                                  const std::vector<std::string>& story_ids);

}  // namespace newswatch::stories
