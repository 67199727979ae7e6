#include "alerts/watch_index.h"

// Lists (the watches an anchor indexes, a watch's other clauses, a clause's anchors) are ranges of flat
// vectors. Per item: every field's distinct words (a long field's word index already lists them; a short
// field is walked) are looked up once per field; a word repeated in another field is looked up again, which
// costs what a set to skip it would. The anchors found go in a bitset (and a list, to visit their watches),
// the watches they index in another; the candidates are read out of it in order and tested clause by clause.

#include <bit>
#include <functional>
#include <string>
#include <string_view>

#include <boost/unordered/unordered_flat_map.hpp>

namespace newswatch {
namespace {

/// The trie edge from `node` on `byte`, as one integer key.
std::uint64_t trie_edge(std::uint32_t node, unsigned char byte) {
  return (static_cast<std::uint64_t>(node) << 8) | byte;
}

/// Calls `visit(word, is_token)` for each distinct token (is_token) and Korean stem of `field`.
template <class Visit>
void for_each_word(const TokenText& field, Visit&& visit) {
  if (field.indexed()) {
    for (const auto& entry : field.first_token) visit(std::string_view(entry.first), true);
    for (const auto& entry : field.first_stem) visit(std::string_view(entry.first), false);
    return;
  }
  for (const std::string& token : field.tokens) visit(std::string_view(token), true);
  for (const std::string& stem : field.stems) visit(std::string_view(stem), false);
}

bool test_bit(const std::vector<std::uint64_t>& bits, std::uint32_t i) {
  return (bits[i / 64] >> (i % 64)) & 1;
}

/// Sets bit `i`; returns whether it was clear.
bool set_bit(std::vector<std::uint64_t>& bits, std::uint32_t i) {
  std::uint64_t mask = std::uint64_t{1} << (i % 64);
  bool was_clear = (bits[i / 64] & mask) == 0;
  bits[i / 64] |= mask;
  return was_clear;
}

}  // namespace

struct WatchIndex::Tables {
  struct Range {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
  };

  struct WordHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view word) const noexcept { return std::hash<std::string_view>{}(word); }
  };

  struct WordEqual {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const noexcept { return a == b; }
  };

  static constexpr std::uint32_t k_none = UINT32_MAX;

  boost::unordered_flat_map<std::string, std::uint32_t, WordHash, WordEqual> words;  // word -> anchor id
  boost::unordered_flat_map<std::uint64_t, std::uint32_t> trie;  // trie_edge(node, byte) -> child; 0 the root
  std::vector<std::uint32_t> trie_anchor{k_none};                // per trie node: the prefix anchor ending there
  std::vector<Range> indexed;                                    // per anchor id: its range of indexed_watches
  std::vector<std::uint32_t> indexed_watches;  // the watches whose first clause holds the anchor, ascending
  std::vector<Range> other_clauses;            // per watch: its range of clauses (after the first)
  std::vector<Range> clauses;                  // per clause: its range of clause_anchors
  std::vector<std::uint32_t> clause_anchors;   // anchor ids
  std::vector<std::uint32_t> always;

  std::uint32_t anchor_id(const Anchor& anchor) {
    auto next = static_cast<std::uint32_t>(indexed.size());
    std::uint32_t* id = nullptr;
    if (!anchor.prefix) {
      id = &words.try_emplace(anchor.key, next).first->second;
    } else {
      std::uint32_t node = 0;
      for (char c : anchor.key) {
        auto [child, added] = trie.try_emplace(trie_edge(node, static_cast<unsigned char>(c)),
                                               static_cast<std::uint32_t>(trie_anchor.size()));
        if (added) trie_anchor.push_back(k_none);
        node = child->second;
      }
      if (trie_anchor[node] == k_none) trie_anchor[node] = next;
      id = &trie_anchor[node];
    }
    if (*id == next) indexed.emplace_back();
    return *id;
  }

  /// Adds to `held` (bitset and list) the anchors `word` is: a word anchor, and (a token) prefix anchors.
  void find_anchors(std::string_view word, bool is_token, std::vector<std::uint64_t>& held,
                    std::vector<std::uint32_t>& held_list) const {
    auto hold = [&](std::uint32_t id) {
      if (set_bit(held, id)) held_list.push_back(id);
    };
    if (auto found = words.find(word); found != words.end()) hold(found->second);
    if (!is_token || trie.empty()) return;  // a stem starts its token: the token walks the trie
    std::uint32_t node = 0;
    for (char c : word) {
      auto child = trie.find(trie_edge(node, static_cast<unsigned char>(c)));
      if (child == trie.end()) return;
      node = child->second;
      if (trie_anchor[node] != k_none) hold(trie_anchor[node]);
    }
  }

  /// Whether the item holds an anchor of each of `watch`'s clauses after the first.
  bool passes(std::uint32_t watch, const std::vector<std::uint64_t>& held) const {
    for (std::uint32_t c = other_clauses[watch].begin; c < other_clauses[watch].end; ++c) {
      bool holds = false;
      for (std::uint32_t a = clauses[c].begin; a < clauses[c].end && !holds; ++a)
        holds = test_bit(held, clause_anchors[a]);
      if (!holds) return false;
    }
    return true;
  }
};

WatchIndex::WatchIndex(const std::vector<QueryAnchors>& anchors) : m_tables(std::make_unique<Tables>()) {
  Tables& t = *m_tables;
  std::vector<std::vector<std::uint32_t>> watches_of;  // per anchor id, before they are laid out flat
  for (std::uint32_t watch = 0; watch < anchors.size(); ++watch) {
    const auto& clauses = anchors[watch].clauses;
    auto first_clause = static_cast<std::uint32_t>(t.clauses.size());
    for (std::size_t c = 0; c < clauses.size(); ++c) {
      Tables::Range range{static_cast<std::uint32_t>(t.clause_anchors.size()), 0};
      for (const Anchor& anchor : clauses[c]) {
        std::uint32_t id = t.anchor_id(anchor);
        watches_of.resize(t.indexed.size());
        if (c == 0) watches_of[id].push_back(watch);  // a clause's anchors are distinct: once per watch
        if (c > 0) t.clause_anchors.push_back(id);
      }
      range.end = static_cast<std::uint32_t>(t.clause_anchors.size());
      if (c > 0) t.clauses.push_back(range);
    }
    t.other_clauses.push_back({first_clause, static_cast<std::uint32_t>(t.clauses.size())});
    if (clauses.empty()) t.always.push_back(watch);
  }
  for (std::size_t id = 0; id < watches_of.size(); ++id) {
    t.indexed[id] = {static_cast<std::uint32_t>(t.indexed_watches.size()), 0};
    t.indexed_watches.insert(t.indexed_watches.end(), watches_of[id].begin(), watches_of[id].end());
    t.indexed[id].end = static_cast<std::uint32_t>(t.indexed_watches.size());
  }
}

WatchIndex::WatchIndex(WatchIndex&&) noexcept = default;
WatchIndex& WatchIndex::operator=(WatchIndex&&) noexcept = default;
WatchIndex::~WatchIndex() = default;

std::vector<std::uint32_t> WatchIndex::candidates(const MatchText& text) const {
  const Tables& t = *m_tables;
  std::vector<std::uint64_t> held((t.indexed.size() + 63) / 64);
  std::vector<std::uint32_t> held_list;
  auto find_in = [&](const TokenText& field) {
    for_each_word(field,
                  [&](std::string_view word, bool is_token) { t.find_anchors(word, is_token, held, held_list); });
  };
  for (const TokenText* field : {&text.title, &text.summary, &text.body, &text.site}) find_in(*field);
  for (const TokenText& author : text.authors) find_in(author);
  for (const TokenText& tag : text.tags) find_in(tag);

  std::vector<std::uint64_t> marked((t.other_clauses.size() + 63) / 64);
  for (std::uint32_t id : held_list) {
    for (std::uint32_t i = t.indexed[id].begin; i < t.indexed[id].end; ++i) set_bit(marked, t.indexed_watches[i]);
  }
  for (std::uint32_t watch : t.always) set_bit(marked, watch);
  std::vector<std::uint32_t> out;
  for (std::size_t word = 0; word < marked.size(); ++word) {
    for (std::uint64_t rest = marked[word]; rest != 0; rest &= rest - 1) {
      auto watch = static_cast<std::uint32_t>(word * 64 + static_cast<std::size_t>(std::countr_zero(rest)));
      if (t.passes(watch, held)) out.push_back(watch);
    }
  }
  return out;
}

}  // namespace newswatch
