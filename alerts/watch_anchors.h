#pragma once
// Anchors: for each watch, a few words such that an item containing none of them cannot match the watch.
// The Matcher indexes every watch by its anchors (watch_index.h), so an item is evaluated only against the
// watches one of its words anchors, not against all of them.
//
// How a query's anchors are found (watch_anchors.cpp): a term is anchored by one token of each of its forms
// (an alias contributes every form; a phrase one of its words, since FormSet::match_at needs each of them; a
// prefix form's last token is a prefix key). An AND is anchored by one operand's anchors, the cheapest; an OR
// by the union of its operands'. Under NOT the roles swap (NOT (a OR b) needs neither; NOT (NOT a AND b) is
// `a OR NOT b`, which needs nothing), so `NOT NOT a` is anchored by `a` and a bare negation is not anchored.

#include <optional>
#include <string>
#include <vector>

#include "alerts/query.h"

namespace newswatch {

/// A word an item must hold for a watch to match: as a token or a Korean stem of one (`北`, `북한` of 북한은),
/// or, with `prefix`, as the start of a token (`korea` of `korea*`).
struct Anchor {
  std::string key;
  bool prefix = false;

  bool operator==(const Anchor&) const = default;
};

/// Anchors of `query`, deduplicated: every item `query` matches holds one of them. Nullopt when the query
/// can match an item holding none of its terms (Query::parse refuses such a query, so only a hand-made one).
std::optional<std::vector<Anchor>> query_anchors(const Query& query);

}  // namespace newswatch
