#pragma once
// Why a query matches an item, or why not: the words of the text
// each term found, as written ("Pyongyang’s" for the alias North Korea), and
// the value of every part of the query, for `newswatch match` and
// `match --why-not`. It shares the Matcher's tokenizer (normalize.h) and term
// matching (FormSet::match_at), and its verdict and matched terms are
// Query::match's own, so an explanation never disagrees with the service.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "alerts/query.h"

namespace newswatch {

/// The fields of an item a term can be found in.
enum class TextField { title, summary, body, site, author, tag };

/// "title", "summary", "body", "site", "author" or "tag".
std::string_view to_string(TextField field) noexcept;

/// Whether a term of `scope` looks in `field` (an unscoped term: title, summary and body).
bool scope_covers(Scope scope, TextField field) noexcept;

/// One place a term occurs: the words as the item writes them.
struct FoundWords {
  TextField field = TextField::title;
  /// The matched words widened to whole written words across an apostrophe or hyphen
  /// ("Pyongyang’s" for Pyongyang, "Kim Jong-un" for "Kim Jong Un").
  std::string text;
  bool alias = false;  ///< another form of the term's alias than its name
};

/// A node of the query with the value it takes on one text.
struct ExplainedNode {
  QueryNode::Kind kind = QueryNode::Kind::term;
  std::size_t term = 0;  ///< index into Query::terms(), when kind == term
  bool value = false;
  std::vector<ExplainedNode> children;
};

struct Explanation {
  bool matches = false;                        ///< Query::match's verdict
  std::vector<std::string> matched;            ///< Query::match's terms (labels), as an alert reports them
  std::vector<std::vector<FoundWords>> found;  ///< per term of the query: where it occurs (at most a few per field)
  ExplainedNode root;
};

/// How `query` fares on `item` (its summary without its wire prefix, as when matching).
Explanation explain_match(const Query& query, const Item& item);
/// Same for an item of this title and summary only.
Explanation explain_match(const Query& query, std::string_view title, std::string_view summary);

/// One matched term of a hit and its words: `"North Korea" ← Pyongyang’s (alias) in title`.
struct TermWords {
  std::string term;  ///< as the query tree shows it (phrases and multi-word aliases quoted)
  std::vector<FoundWords> words;
};

/// The words of each term in `explanation.matched`, in that order; empty when it does not match.
std::vector<TermWords> matched_words(const Query& query, const Explanation& explanation);

/// `Pyongyang’s (alias) in title; DPRK (alias) in summary; 북한은 in body`.
std::string describe_words(const std::vector<FoundWords>& words);

/// The why-not report, one line per part of the query: `✓ "North Korea" ← Pyongyang’s (alias) in title`,
/// `✗ Israel: not in title or summary`, `✗ NOT Moscow: excluded word 'Moscow' found in title`; the parts of
/// a group are indented under it. A part's mark says whether it holds as the query wants it.
std::vector<std::string> why_not_lines(const Query& query, const Explanation& explanation);

}  // namespace newswatch
