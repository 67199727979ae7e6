#pragma once
// Searching every stored item with a watch query (`match`, `items --match`):
// the full-text index narrows the candidates, the Matcher decides. See item_search.cpp.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "alerts/query.h"
#include "store/store.h"

namespace newswatch {

/// A full-text pre-filter passing every item `query` can match, or nullopt when
/// the query cannot be narrowed safely (then every item is a candidate).
std::optional<TextFilter> text_filter(const Query& query);

/// Called per matching item with the terms that matched; returns false to stop.
using MatchVisitor = std::function<bool(const StoredItem& item, const std::vector<std::string>& matched)>;

/// Calls `visit` for each item passing `scope` (site, since; its limit is the
/// page size) that `query` matches, newest first, reading every stored item in
/// pages of short reads; fails with the store's error.
Result<void> for_each_match(Store& store, ItemQuery scope, const Query& query, const MatchVisitor& visit);

}  // namespace newswatch
