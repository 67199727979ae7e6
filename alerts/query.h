#pragma once
// The watch query language (DESIGN.md "Config", [[watch]] query):
//   "North Korea" AND (Russia OR Kursk) NOT podcast
// Bare terms and "quoted phrases"; `Kurs*` a prefix; AND, OR, NOT (upper case
// only: "and" is a term, with a warning); `-x` is NOT x; parentheses; adjacent
// terms are ANDed, so `a NOT b` is `a AND NOT b`. Precedence NOT/- > AND > OR.
// A term matches whole tokens (normalize.h) in the title, the summary or the
// article body; a scope narrows it (`title:missile`, `body:"Kim Yo Jong"`,
// `summary:x`, `author:Kim`, `tag:"NK PRO"` look in that field; `site:nknews`
// is the item's configured site, whole). An alias name or form matches every
// form of it. Nesting is at most 64 levels.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alerts/normalize.h"
#include "alerts/query_forms.h"
#include "alerts/query_lex.h"
#include "config/error.h"
#include "config/item.h"

namespace newswatch {

/// An item's fields, tokenised once for matching many queries (the Matcher
/// makes one per item, whatever the number of watches).
struct MatchText {
  /// Of a longer body only the first k_max_body bytes are matched, which bounds the work per item.
  static constexpr std::size_t k_max_body = 2 * 1024 * 1024;

  TokenText title;
  TokenText summary;
  TokenText body;
  TokenText site;
  std::vector<TokenText> authors;
  std::vector<TokenText> tags;
  /// Tokenises a title and summary alone; the summary loses its wire prefix ("(MENAFN - X)") first.
  static MatchText from(std::string_view title, std::string_view summary);
  /// Tokenises every field of `item` a term can look in.
  static MatchText from(const Item& item);
};

/// A leaf of the query: what it reports when it matches, how the tree prints
/// it, where it looks, and the token sequences any of which makes it match (an
/// alias's FormSet is shared by every term naming the alias).
struct QueryTerm {
  std::string label;  ///< the alias name or the term as typed, after its scope (`title:North Korea`)
  std::string shown;
  std::shared_ptr<const FormSet> forms;
  Scope scope = Scope::text;
  std::string alias;       ///< the alias it names, or ""
  std::size_t column = 0;  ///< where it is written in the query (1-based, code points)
};

/// Whether `term` occurs in the fields of `text` its scope names (a site term: the whole site name).
bool term_found(const QueryTerm& term, const MatchText& text, WorkCount* work = nullptr);

/// One node of the parsed query.
struct QueryNode {
  enum class Kind { term, all, any, negate };
  Kind kind = Kind::term;
  std::size_t term = 0;             ///< index into the terms, when kind == term
  std::vector<QueryNode> children;  ///< operands of all (AND), any (OR), negate (NOT)
};

class Query {
 public:
  /// Parentheses, NOT and `-` nested deeper than this are refused, so neither
  /// the parser nor the evaluator recurses deeper than a few frames per level.
  static constexpr std::size_t k_max_depth = 64;

  /// Parses `text`; fails (ErrorKind::parse) saying what is wrong and at which 1-based column.
  static Result<Query> parse(std::string_view text, const Aliases& aliases = {});
  /// Same with aliases indexed once (Matcher::build shares one index among its watches); counts steps in `work`.
  static Result<Query> parse(std::string_view text, const AliasIndex& aliases, WorkCount* work = nullptr);

  /// The positive terms that matched (labels, deduped, in query order), or nullopt when it does not match.
  std::optional<std::vector<std::string>> match(const MatchText& text, WorkCount* work = nullptr) const;
  /// Same, tokenising `title` and `summary` first.
  std::optional<std::vector<std::string>> match(std::string_view title, std::string_view summary) const;
  /// Same, tokenising every field of `item` first.
  std::optional<std::vector<std::string>> match(const Item& item) const;

  /// The parse tree as an S-expression, e.g. `(OR a (AND "b c" (NOT d)))`; for tests and `match` output.
  std::string to_string() const;

  const std::vector<QueryTerm>& terms() const noexcept { return m_terms; }
  /// What parses but probably is not what was meant (e.g. `Russia or Moscow`), in column order.
  const std::vector<QueryWarning>& warnings() const noexcept { return m_warnings; }
  const QueryNode& root() const noexcept { return m_root; }

 private:
  Query(QueryNode root, std::vector<QueryTerm> terms, std::vector<QueryWarning> warnings)
      : m_root(std::move(root)), m_terms(std::move(terms)), m_warnings(std::move(warnings)) {}
  /// The value of `node`; adds to `hits` the found terms that make it come out as `want`.
  bool eval(const QueryNode& node, const MatchText& text, std::vector<std::size_t>* hits, bool want,
            WorkCount* work) const;
  std::string node_string(const QueryNode& node) const;

  QueryNode m_root;
  std::vector<QueryTerm> m_terms;
  std::vector<QueryWarning> m_warnings;
};

/// Whether `needle` occurs as a contiguous run in `haystack` (an empty needle never does).
bool contains_sequence(const Tokens& haystack, const Tokens& needle) noexcept;

}  // namespace newswatch
