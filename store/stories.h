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

/// Links a newly inserted item to a story: the best-matching recent story of another
/// site, else a new one ("s" + item id). Returns the story id. Throws SqlError.
std::string assign(sqlite::Database& db, std::int64_t item_id, std::string_view site, std::int64_t first_seen,
                   const std::set<std::string>& item_tokens);

/// The distinct sites with an item in the story, by name.
std::vector<std::string> sources(sqlite::Database& db, const std::string& story_id);

}  // namespace newswatch::stories
