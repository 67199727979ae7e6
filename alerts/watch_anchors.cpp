#include "alerts/watch_anchors.h"

// The clauses of a node that must come out `want` (true: the node matches; false: it fails, under a NOT):
//   term, want true      a phrase (one form): a clause per word; an alias: one clause, a word of each form
//   term, want false     none: an absent term needs no word
//   AND true / OR false  every operand must come out `want`: all their clauses
//   OR true / AND false  one operand comes out `want`, with all its clauses, so with its cheapest: one clause,
//                        the union of each operand's cheapest (none if some operand has none)
//   NOT                  the operand's, with `want` flipped
// By induction, a node without clauses comes out `want` on an item with no words, so Query::parse (which
// refuses a query that matches an empty item) never lets a watch through without them.
// "Cheapest" is a guess at how often an item holds a clause's anchors, without statistics: the sum, over
// them, of one over the length in bytes (short words are common; a CJK character is three bytes, like a
// short word), four times that for a prefix. Recursive like Query::eval: the parser bounds the nesting to
// Query::k_max_depth levels.

#include <algorithm>
#include <iterator>
#include <tuple>

namespace newswatch {
namespace {

struct Clause {
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

using Clauses = std::vector<Clause>;

/// One token of `form` every match needs: the cheapest. All but the last must be the item's tokens exactly;
/// the last may also be a token's Korean stem, or a prefix of a token.
Anchor form_anchor(const FormSet::Form& form) {
  Anchor best;
  double best_cost = 0;
  for (std::size_t i = 0; i < form.tokens.size(); ++i) {
    Anchor anchor{form.tokens[i], form.prefix && i + 1 == form.tokens.size()};
    double cost = Clause::anchor_cost(anchor);
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

  Clauses of(const QueryNode& node, bool want) const {
    switch (node.kind) {
      case QueryNode::Kind::term: return want ? of_term(m_query.terms()[node.term]) : Clauses{};
      case QueryNode::Kind::negate: return of(node.children.front(), !want);
      case QueryNode::Kind::all:
      case QueryNode::Kind::any:
        bool every = (node.kind == QueryNode::Kind::all) == want;
        return every ? all_of(node.children, want) : one_of(node.children, want);
    }
    return {};
  }

 private:
  static Clauses of_term(const QueryTerm& term) {
    const auto& forms = term.forms->forms();
    if (forms.size() == 1) {  // each word of a phrase is needed: a clause each
      Clauses clauses;
      const FormSet::Form& form = forms.front();
      for (std::size_t i = 0; i < form.tokens.size(); ++i) {
        clauses.emplace_back().add(Anchor{form.tokens[i], form.prefix && i + 1 == form.tokens.size()});
      }
      return clauses;
    }
    Clause clause;
    for (const FormSet::Form& form : forms) clause.add(form_anchor(form));
    return {std::move(clause)};
  }

  Clauses all_of(const std::vector<QueryNode>& children, bool want) const {
    Clauses all;
    for (const QueryNode& child : children) {
      Clauses clauses = of(child, want);
      std::move(clauses.begin(), clauses.end(), std::back_inserter(all));
    }
    return all;
  }

  Clauses one_of(const std::vector<QueryNode>& children, bool want) const {
    Clause any;
    for (const QueryNode& child : children) {
      Clauses clauses = of(child, want);
      if (clauses.empty()) return {};
      auto cheapest = std::min_element(clauses.begin(), clauses.end(),
                                       [](const Clause& a, const Clause& b) { return a.cost < b.cost; });
      for (Anchor& anchor : cheapest->anchors) any.add(std::move(anchor));
    }
    return {std::move(any)};
  }

  const Query& m_query;
};

}  // namespace

QueryAnchors query_anchors(const Query& query) {
  Clauses clauses = Anchoring(query).of(query.root(), true);
  std::stable_sort(clauses.begin(), clauses.end(), [](const Clause& a, const Clause& b) { return a.cost < b.cost; });
  QueryAnchors out;
  for (Clause& clause : clauses) {
    auto& anchors = clause.anchors;
    std::sort(anchors.begin(), anchors.end(),
              [](const Anchor& a, const Anchor& b) { return std::tie(a.key, a.prefix) < std::tie(b.key, b.prefix); });
    anchors.erase(std::unique(anchors.begin(), anchors.end()), anchors.end());
    out.clauses.push_back(std::move(anchors));
  }
  return out;
}

}  // namespace newswatch
