#pragma once
// The watch query language (DESIGN.md "Config", [[watch]] query):
//   "North Korea" AND (Russia OR Kursk) NOT podcast
// Bare terms and "quoted phrases"; AND, OR, NOT (upper case only: "and" is a
// term); parentheses; adjacent terms are ANDed, so `a NOT b` is `a AND NOT b`.
// Precedence NOT > AND > OR. A term matches whole tokens (normalize.h) in the
// title or in the summary; an alias name or form matches every form of it.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alerts/normalize.h"
#include "config/error.h"

namespace newswatch {

using Aliases = std::map<std::string, std::vector<std::string>>;

/// A title and summary, tokenised once for matching many queries.
struct MatchText {
  Tokens title;
  Tokens summary;
  /// Tokenises both; the summary loses its wire prefix ("(MENAFN - X)") first.
  static MatchText from(std::string_view title, std::string_view summary);
};

/// A leaf of the query: what it reports when it matches, and the token
/// sequences any of which makes it match (several when it names an alias).
struct QueryTerm {
  std::string label;
  std::vector<Tokens> forms;
};

/// One node of the parsed query.
struct QueryNode {
  enum class Kind { term, all, any, negate };
  Kind kind = Kind::term;
  std::size_t term = 0;             ///< index into the terms, when kind == term
  std::vector<QueryNode> children;  ///< operands of all (AND), any (OR), negate (NOT)
};

class Query {
 public:
  /// Parses `text`; fails (ErrorKind::parse) saying what is wrong and at which 1-based column.
  static Result<Query> parse(std::string_view text, const Aliases& aliases = {});

  /// The positive terms that matched (labels, deduped, in query order), or nullopt when it does not match.
  std::optional<std::vector<std::string>> match(const MatchText& text) const;
  /// Same, tokenising `title` and `summary` first.
  std::optional<std::vector<std::string>> match(std::string_view title, std::string_view summary) const;

  /// The parse tree as an S-expression, e.g. `(OR a (AND "b c" (NOT d)))`; for tests and `match` output.
  std::string to_string() const;

  const std::vector<QueryTerm>& terms() const noexcept { return m_terms; }
  const QueryNode& root() const noexcept { return m_root; }

 private:
  Query(QueryNode root, std::vector<QueryTerm> terms) : m_root(std::move(root)), m_terms(std::move(terms)) {}
  /// The value of `node`; adds to `hits` the found terms that make it come out as `want`.
  bool eval(const QueryNode& node, const MatchText& text, std::vector<std::size_t>* hits, bool want) const;
  std::string node_string(const QueryNode& node) const;

  QueryNode m_root;
  std::vector<QueryTerm> m_terms;
};

/// Whether `needle` occurs as a contiguous run in `haystack` (an empty needle never does).
bool contains_sequence(const Tokens& haystack, const Tokens& needle) noexcept;

}  // namespace newswatch
