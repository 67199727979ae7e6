#pragma once
// The shared index over every watch's anchors (watch_anchors.h): an item's words find the watches it may
// match, so matching 10,000 watches costs a lookup per distinct word of the item and an evaluation per
// candidate, not an evaluation per watch.
//
// Words are looked up in a hash map (anchor -> watch ids), prefix anchors in a byte trie of the prefixes
// (a token walks it from its first byte, collecting the watches of every prefix it passes). A watch without
// anchors is on the always list. Candidates come out ascending, so hits keep the config's order.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alerts/query.h"
#include "alerts/watch_anchors.h"

namespace newswatch {

class WatchIndex {
 public:
  /// Indexes watch i by anchors[i]; a watch whose anchors are nullopt is a candidate for every item.
  explicit WatchIndex(const std::vector<std::optional<std::vector<Anchor>>>& anchors);
  WatchIndex(WatchIndex&&) noexcept;
  WatchIndex& operator=(WatchIndex&&) noexcept;
  ~WatchIndex();

  /// The watches (ascending ids) an item tokenised as `text` may match: those with an anchor among its
  /// tokens and stems in any field (a prefix anchor: the start of a token), and the always list.
  std::vector<std::uint32_t> candidates(const MatchText& text) const;

 private:
  struct Tables;
  std::unique_ptr<Tables> m_tables;
};

}  // namespace newswatch
