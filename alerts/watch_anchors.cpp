#include "alerts/watch_anchors.h"

// The anchors of a node that must come out `want` (true: the node matches; false: it fails, under a NOT):
//   term, want true      one token of each form of the term
//   term, want false     none: an absent term needs no word
//   AND true / OR false  every operand must come out `want`: the cheapest operand's anchors suffice
//   OR true / AND false  one operand comes out `want`: the union of all operands' (none if one has none)
//   NOT                  the operand's, with `want` flipped
// By induction, a node without anchors comes out `want` on an item with no words, so Query::parse (which
// refuses a query that matches an empty item) never lets a watch through without them.
// "Cheapest" is a guess at how often an item holds a key, without statistics: one over its length in bytes
// (short words are common; a CJK character is three bytes, like a short word), four times that for a prefix.
// Recursive like Query::eval: the parser bounds the nesting to Query::k_max_depth levels.

#include <algorithm>
#include <tuple>

namespace newswatch {
namespace {

struct AnchorSet {
  std::vector<Anchor> anchors;
  double cost = 0;  // the summed guess of how often an item holds each anchor

  // Duplicates are kept until query_anchors() sorts them out once (a find per add would be quadratic in a
  // 10,000-term OR); the cost then counts a word twice, which only makes a guess rougher.
  void add(Anchor anchor) {
    cost += anchor_cost(anchor);
    anchors.push_back(std::move(anchor));
  }

  static double anchor_cost(const Anchor& anchor) {
    return (anchor.prefix ? 4.0 : 1.0) / static_cast<double>(anchor.key.size() + 1);
  }
};

/// One token of `form` every match needs: the cheapest. All but the last must be the item's tokens exactly;
/// the last may also be a token's Korean stem, or a prefix of a token.
Anchor form_anchor(const FormSet::Form& form) {
  Anchor best;
  double best_cost = 0;
  for (std::size_t i = 0; i < form.tokens.size(); ++i) {
    Anchor anchor{form.tokens[i], form.prefix && i + 1 == form.tokens.size()};
    double cost = AnchorSet::anchor_cost(anchor);
    if (i == 0 || cost < best_cost) {
      best = std::move(anchor);
      best_cost = cost;
    }
  }
  return best;
}

class Anchoring {
 public:
  explicit Anchoring(const Query& query) : m_query(query) {}

  std::optional<AnchorSet> of(const QueryNode& node, bool want) const {
    switch (node.kind) {
      case QueryNode::Kind::term: return want ? std::optional(of_term(m_query.terms()[node.term])) : std::nullopt;
      case QueryNode::Kind::negate: return of(node.children.front(), !want);
      case QueryNode::Kind::all:
      case QueryNode::Kind::any:
        bool every = (node.kind == QueryNode::Kind::all) == want;
        return every ? cheapest(node.children, want) : all_of(node.children, want);
    }
    return std::nullopt;
  }

 private:
  static AnchorSet of_term(const QueryTerm& term) {
    AnchorSet set;
    for (const FormSet::Form& form : term.forms->forms()) set.add(form_anchor(form));
    return set;
  }

  std::optional<AnchorSet> cheapest(const std::vector<QueryNode>& children, bool want) const {
    std::optional<AnchorSet> best;
    for (const QueryNode& child : children) {
      auto set = of(child, want);
      if (set && (!best || set->cost < best->cost)) best = std::move(set);
    }
    return best;
  }

  std::optional<AnchorSet> all_of(const std::vector<QueryNode>& children, bool want) const {
    AnchorSet all;
    for (const QueryNode& child : children) {
      auto set = of(child, want);
      if (!set) return std::nullopt;
      for (Anchor& anchor : set->anchors) all.add(std::move(anchor));
    }
    return all;
  }

  const Query& m_query;
};

}  // namespace

std::optional<std::vector<Anchor>> query_anchors(const Query& query) {
  auto set = Anchoring(query).of(query.root(), true);
  if (!set) return std::nullopt;
  auto& anchors = set->anchors;
  auto order = [](const Anchor& a, const Anchor& b) { return std::tie(a.key, a.prefix) < std::tie(b.key, b.prefix); };
  std::sort(anchors.begin(), anchors.end(), order);
  anchors.erase(std::unique(anchors.begin(), anchors.end()), anchors.end());
  return std::move(anchors);
}

}  // namespace newswatch
