#include "alerts/watch_index.h"

// Postings are ranges of one flat vector of watch ids, ascending within a range (watches are added in
// order). Per item: every field's distinct words (a long field's word index already lists them; a short
// field is walked) are looked up once per field; a word repeated in another field is looked up again, which
// costs what a set to skip it would. Candidates are marked in a bitset of the watches and read out in order.

#include <algorithm>
#include <bit>
#include <functional>

#include <boost/unordered/unordered_flat_map.hpp>

namespace newswatch {
namespace {

/// The trie edge from `node` on `byte`, as one integer key.
std::uint64_t edge(std::uint32_t node, unsigned char byte) {
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

}  // namespace

struct WatchIndex::Tables {
  struct Postings {
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

  boost::unordered_flat_map<std::string, Postings, WordHash, WordEqual> words;
  boost::unordered_flat_map<std::uint64_t, std::uint32_t> trie;  // edge(node, byte) -> child; node 0 the root
  std::vector<Postings> trie_postings;                           // per trie node: the watches of its prefix
  std::vector<std::uint32_t> ids;                                // every posting list, one after another
  std::vector<std::uint32_t> always;
  std::size_t watches = 0;

  void mark(Postings postings, std::vector<std::uint64_t>& bits) const {
    for (std::uint32_t i = postings.begin; i < postings.end; ++i)
      bits[ids[i] / 64] |= std::uint64_t{1} << (ids[i] % 64);
  }

  void mark_word(std::string_view word, bool is_token, std::vector<std::uint64_t>& bits) const {
    if (auto found = words.find(word); found != words.end()) mark(found->second, bits);
    if (!is_token || trie_postings.size() < 2) return;  // a stem starts its token: the token walks the trie
    std::uint32_t node = 0;
    for (char c : word) {
      auto child = trie.find(edge(node, static_cast<unsigned char>(c)));
      if (child == trie.end()) return;
      node = child->second;
      mark(trie_postings[node], bits);
    }
  }
};

WatchIndex::WatchIndex(const std::vector<std::optional<std::vector<Anchor>>>& anchors)
    : m_tables(std::make_unique<Tables>()) {
  Tables& t = *m_tables;
  t.watches = anchors.size();
  // Gathered per key first, then laid out flat; watch ids arrive ascending, and an anchor appears once per watch.
  boost::unordered_flat_map<std::string, std::vector<std::uint32_t>, Tables::WordHash, Tables::WordEqual> words;
  std::vector<std::vector<std::uint32_t>> prefixes(1);
  for (std::uint32_t watch = 0; watch < anchors.size(); ++watch) {
    if (!anchors[watch]) {
      t.always.push_back(watch);
      continue;
    }
    for (const Anchor& anchor : *anchors[watch]) {
      if (!anchor.prefix) {
        words[anchor.key].push_back(watch);
        continue;
      }
      std::uint32_t node = 0;
      for (char c : anchor.key) {
        auto [child, added] =
            t.trie.try_emplace(edge(node, static_cast<unsigned char>(c)), static_cast<std::uint32_t>(prefixes.size()));
        if (added) prefixes.emplace_back();
        node = child->second;
      }
      prefixes[node].push_back(watch);
    }
  }
  auto lay_out = [&](const std::vector<std::uint32_t>& watches) {
    Tables::Postings postings{static_cast<std::uint32_t>(t.ids.size()), 0};
    t.ids.insert(t.ids.end(), watches.begin(), watches.end());
    postings.end = static_cast<std::uint32_t>(t.ids.size());
    return postings;
  };
  t.words.reserve(words.size());
  for (const auto& [word, watches] : words) t.words.emplace(word, lay_out(watches));
  t.trie_postings.reserve(prefixes.size());
  for (const auto& watches : prefixes) t.trie_postings.push_back(lay_out(watches));
}

WatchIndex::WatchIndex(WatchIndex&&) noexcept = default;
WatchIndex& WatchIndex::operator=(WatchIndex&&) noexcept = default;
WatchIndex::~WatchIndex() = default;

std::vector<std::uint32_t> WatchIndex::candidates(const MatchText& text) const {
  const Tables& t = *m_tables;
  std::vector<std::uint64_t> bits((t.watches + 63) / 64);
  auto mark_field = [&](const TokenText& field) {
    for_each_word(field, [&](std::string_view word, bool is_token) { t.mark_word(word, is_token, bits); });
  };
  for (const TokenText* field : {&text.title, &text.summary, &text.body, &text.site}) mark_field(*field);
  for (const TokenText& author : text.authors) mark_field(author);
  for (const TokenText& tag : text.tags) mark_field(tag);
  for (std::uint32_t watch : t.always) bits[watch / 64] |= std::uint64_t{1} << (watch % 64);

  std::vector<std::uint32_t> out;
  for (std::size_t word = 0; word < bits.size(); ++word) {
    for (std::uint64_t rest = bits[word]; rest != 0; rest &= rest - 1)
      out.push_back(static_cast<std::uint32_t>(word * 64 + static_cast<std::size_t>(std::countr_zero(rest))));
  }
  return out;
}

}  // namespace newswatch
