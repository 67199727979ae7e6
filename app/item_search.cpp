// How a query becomes a full-text pre-filter. The filter is a conjunction of
// clauses, each a set of phrases one of which must occur; it may pass items
// the query rejects (the Matcher then drops them), never the reverse:
//   term       its forms (an alias has several), when every form is safe;
//   a AND b    the clauses of both (a NOT operand adds none);
//   a OR b     one clause: the union of one clause of each side, or no
//              constraint when a side has none;
//   NOT a      no constraint.
// A query with no constraint (an OR with an unsafe term, say) is not narrowed:
// every stored item is read, page by page. Neither is one whose filter passes
// more than k_max_candidates items: each filtered page fetches and sorts every
// candidate, while a plain page walks the first_seen index, so for a common
// word the plain walk is the cheaper (measured: "Seoul" over 200,000 items).
//
// A term is safe when the index holds the fields it looks in and its forms'
// tokens hold only characters for which FTS5's unicode61 tokenizer (case and
// diacritics folded) finds at least what the Matcher's tokenizer
// (alerts/normalize.cpp) finds: ASCII letters and digits, Latin, Greek and
// Cyrillic letters. The index has the title and summary only, so only
// `title:` and `summary:` terms narrow; an unscoped term may be found in the
// body. Han and kana are single-character tokens to the Matcher but runs to
// FTS5, and a Hangul term matches words with a particle (북한 in 북한은), which
// are other tokens to FTS5, so terms in those scripts are not narrowed.

#include "app/item_search.h"

#include <algorithm>
#include <set>

namespace newswatch {
namespace {

using Clauses = std::vector<std::set<std::size_t>>;  // term indexes; one of each clause must occur

constexpr std::int64_t k_max_candidates = 5000;

bool safe_char(char32_t c) {
  if ((c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9')) return true;
  if (c >= 0xDF && c <= 0x24F) return c != 0xF7;  // Latin-1 lower case, Latin Extended-A and -B
  if (c >= 0x3AC && c <= 0x3CE) return true;      // Greek lower case
  return c >= 0x430 && c <= 0x45F;                // Cyrillic lower case
}

/// The article body is indexed (items_body_fts, unioned with items_fts in each clause), so unscoped terms
/// (title, summary or body) narrow the search as title: and summary: terms do.
constexpr bool k_index_has_body = true;

bool safe_scope(Scope scope) {
  return scope == Scope::title || scope == Scope::summary || (scope == Scope::text && k_index_has_body);
}

bool safe_term(const QueryTerm& term) {
  if (!term.forms || !safe_scope(term.scope)) return false;
  for (const FormSet::Form& form : term.forms->forms()) {
    if (form.prefix) return false;  // FTS would need the same prefix rule; the paged scan is exact
    for (const std::string& token : form.tokens) {
      for (std::size_t pos = 0; pos < token.size();) {
        if (!safe_char(decode_utf8(token, pos))) return false;
      }
    }
  }
  return !term.forms->forms().empty();
}

/// The clauses every item matching `node` satisfies; nullopt: no constraint known.
std::optional<Clauses> required(const QueryNode& node, const Query& query) {
  switch (node.kind) {
    case QueryNode::Kind::term:
      if (!safe_term(query.terms()[node.term])) return std::nullopt;
      return Clauses{{node.term}};
    case QueryNode::Kind::negate: return std::nullopt;
    case QueryNode::Kind::all: {
      std::optional<Clauses> out;
      for (const QueryNode& child : node.children) {
        auto clauses = required(child, query);
        if (!clauses) continue;
        if (!out) out.emplace();
        out->insert(out->end(), clauses->begin(), clauses->end());
      }
      return out;
    }
    case QueryNode::Kind::any: {
      std::set<std::size_t> either;
      for (const QueryNode& child : node.children) {
        auto clauses = required(child, query);
        if (!clauses || clauses->empty()) return std::nullopt;
        auto smallest = std::min_element(clauses->begin(), clauses->end(),
                                         [](const auto& a, const auto& b) { return a.size() < b.size(); });
        either.insert(smallest->begin(), smallest->end());
      }
      return Clauses{either};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<TextFilter> text_filter(const Query& query) {
  auto clauses = required(query.root(), query);
  if (!clauses || clauses->empty()) return std::nullopt;
  TextFilter filter;
  for (const auto& clause : *clauses) {
    auto& phrases = filter.all_of.emplace_back();
    for (std::size_t term : clause) {
      for (const FormSet::Form& form : query.terms()[term].forms->forms()) phrases.push_back(form.tokens);
    }
  }
  return filter;
}

Result<void> for_each_match(Store& store, ItemQuery scope, const Query& query, const MatchVisitor& visit) {
  scope.text = text_filter(query);
  scope.after.reset();
  if (scope.text) {
    auto candidates = store.count_matching(*scope.text);
    if (!candidates) return tl::unexpected(candidates.error());
    if (*candidates > k_max_candidates) scope.text.reset();
  }
  if (scope.limit <= 0) scope.limit = 1000;
  for (;;) {
    auto page = store.items(scope);
    if (!page) return tl::unexpected(page.error());
    for (const StoredItem& stored : *page) {
      auto matched = query.match(stored.item);
      if (matched && !visit(stored, *matched)) return {};
    }
    if (static_cast<int>(page->size()) < scope.limit) return {};
    scope.after = ItemCursor{page->back().first_seen, page->back().id};
  }
}

}  // namespace newswatch
