#pragma once
// The shared index over every watch's anchors (watch_anchors.h): an item's words find the watches it may
// match, so matching 10,000 watches costs a lookup per distinct word of the item, a bit test per clause of
// each watch they point to, and an evaluation per watch that passes, not an evaluation per watch.
//
// Every distinct anchor of every watch gets an id. Words are looked up in a hash map (word -> anchor id),
// prefixes in a byte trie (a token walks it from its first byte, finding every prefix anchor it starts
// with). Each anchor lists the watches whose first clause holds it: those are an item's candidates. A
// candidate passes when the item holds an anchor of each of its other clauses too, a test on the bitset of
// the anchors the item holds. A watch without clauses is on the always list. Candidates come out
// ascending, so hits keep the config's order.

#include <cstdint>
#include <memory>
#include <vector>

#include "alerts/query.h"
#include "alerts/watch_anchors.h"

namespace newswatch {

class WatchIndex {
 public:
  /// Indexes watch i by anchors[i]; a watch without clauses is a candidate for every item.
  explicit WatchIndex(const std::vector<QueryAnchors>& anchors);
  WatchIndex(WatchIndex&&) noexcept;
  WatchIndex& operator=(WatchIndex&&) noexcept;
  ~WatchIndex();

  /// The watches (ascending ids) an item tokenised as `text` may match: those holding an anchor of each of
  /// their clauses among its tokens and stems in any field (a prefix anchor: the start of a token), and the
  /// always list.
  std::vector<std::uint32_t> candidates(const MatchText& text) const;

 private:
  struct Tables;
  std::unique_ptr<Tables> m_tables;
};

}  // namespace newswatch
