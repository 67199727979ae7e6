#pragma once
// Story grouping of items from different sites: see stories.cpp.

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "store/sqlite.h"

namespace newswatch::stories {

/// The normalised token set of a text: lower-case words, stopwords dropped, trailing 's' stemmed.
std::set<std::string> tokens(std::string_view text);
/// Tokens joined by spaces, as stored in items.tokens.
std::string join(const std::set<std::string>& tokens);
/// |a ∩ b| / |a ∪ b|; 0 when both are empty.
double jaccard(const std::set<std::string>& a, const std::set<std::string>& b);
/// True when two token sets describe the same event by the store's threshold.
bool same_event(const std::set<std::string>& a, const std::set<std::string>& b);

/// The recent items of other sites that a crawl's new items are compared with,
/// read once per crawl (a page of new items costs one scan, not one per item).
class StoryIndex {
 public:
  /// Loads the items of sites other than `site` first seen within the window before `at`. Throws SqlError.
  StoryIndex(sqlite::Database& db, std::string_view site, std::int64_t at);

  /// Links a newly inserted item to the best-matching story, else a new one ("s" + item id);
  /// returns the story id. Throws SqlError.
  std::string assign(std::int64_t item_id, const std::set<std::string>& item_tokens);

 private:
  struct Candidate {
    std::string story_id;
    std::vector<std::size_t> tokens;  ///< hashed(): compared by a linear merge, not tree lookups
  };

  sqlite::Database& m_db;
  std::int64_t m_at;
  std::vector<Candidate> m_candidates;
};

/// The distinct sites with an item in the story, by name.
std::vector<std::string> sources(sqlite::Database& db, const std::string& story_id);

}  // namespace newswatch::stories
