#pragma once
// Anchors: for each watch, the words an item must hold for the watch to be worth evaluating. The Matcher
// indexes every watch by one set of them (watch_index.h), so an item is evaluated only against the watches
// its words point to, not against all of them.
//
// A query's anchors come as clauses, an AND of ORs: an item the query matches holds at least one anchor of
// every clause (watch_anchors.cpp). A phrase needs each of its words (FormSet::match_at needs each), a
// clause per word; an alias one clause, a word of each of its forms; a prefix form's last token is a prefix
// anchor. An AND needs the clauses of all its operands; an OR one clause, the union of one clause of each
// operand. Under NOT the roles swap, so `NOT NOT a` needs `a` and a bare negation needs nothing.

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

/// What an item must hold for a query to match it: one anchor of each clause.
struct QueryAnchors {
  /// Each clause sorted and deduplicated; the one likeliest to be missing (the cheapest to index) first.
  /// Empty when the query can match an item holding none of its terms (Query::parse refuses such a query).
  std::vector<std::vector<Anchor>> clauses;
};

/// The anchors of `query`; linear in the query's size (times its nesting depth).
QueryAnchors query_anchors(const Query& query);

}  // namespace newswatch
