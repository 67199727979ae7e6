#include "alerts/query.h"

// Recursive descent over a small lexer. Grammar (precedence NOT > AND > OR):
//   query   := or_expr END
//   or_expr := and_expr ("OR" and_expr)*
//   and_expr:= unary (["AND"] unary)*        adjacency is an implicit AND
//   unary   := ("NOT" | "-") unary | primary     `-x` is `NOT x`, written the search-engine way
//   primary := WORD | WORD* | PHRASE | "(" or_expr ")"     `Kurs*` matches words starting with "kurs"
// Columns in errors count code points from 1, so they line up with what the
// user typed. Nesting (parentheses, NOT) is refused beyond Query::k_max_depth
// levels, so this descent recurses a bounded number of frames; a run of NOTs
// is read by a loop and a chain of ANDs or ORs becomes one flat node. A query
// that would match an item containing none of its terms (e.g. `NOT podcast`)
// is rejected: as a watch it would alert on everything.

#include <algorithm>

#include "alerts/query_lex.h"

namespace newswatch {
namespace {

class Parser {
 public:
  Parser(std::vector<Lexeme> lexemes, const AliasIndex& aliases, WorkCount* work)
      : m_lexemes(std::move(lexemes)), m_aliases(aliases), m_work(work) {}

  Result<QueryNode> parse() {
    if (peek().kind == Lex::end) return fail(ErrorKind::parse, "empty query");
    auto root = parse_or();
    if (!root) return root;
    if (peek().kind == Lex::rparen) return fail(ErrorKind::parse, at_column("unbalanced parenthesis", peek().column));
    return root;
  }

  std::vector<QueryTerm> take_terms() { return std::move(m_terms); }

 private:
  const Lexeme& peek() const { return m_lexemes[m_pos]; }
  const Lexeme& advance() { return m_lexemes[m_pos++]; }
  bool starts_unary() const {
    auto k = peek().kind;
    return k == Lex::word || k == Lex::phrase || k == Lex::lparen || k == Lex::op_not || k == Lex::minus;
  }
  tl::unexpected<Error> expected_after(const Lexeme& op) const {
    return fail(ErrorKind::parse, at_column("expected a term after " + op.text, peek().column));
  }
  /// Enters one nesting level at `lexeme`; false when that is one too many.
  bool descend() { return ++m_depth <= Query::k_max_depth; }
  static tl::unexpected<Error> too_deep(const Lexeme& lexeme) {
    std::string what =
        "query nests deeper than " + std::to_string(Query::k_max_depth) + " levels (parentheses, NOT, -)";
    return fail(ErrorKind::parse, at_column(what, lexeme.column));
  }

  static QueryNode combine(QueryNode::Kind kind, QueryNode lhs, QueryNode rhs) {
    if (lhs.kind == kind) {  // flatten a AND b AND c into one node
      lhs.children.push_back(std::move(rhs));
      return lhs;
    }
    QueryNode node{kind, 0, {}};
    node.children.push_back(std::move(lhs));
    node.children.push_back(std::move(rhs));
    return node;
  }

  Result<QueryNode> parse_or() {
    auto lhs = parse_and();
    while (lhs && peek().kind == Lex::op_or) {
      const Lexeme& op = advance();
      if (!starts_unary()) return expected_after(op);
      auto rhs = parse_and();
      if (!rhs) return rhs;
      lhs = combine(QueryNode::Kind::any, std::move(*lhs), std::move(*rhs));
    }
    return lhs;
  }

  Result<QueryNode> parse_and() {
    auto lhs = parse_unary();
    while (lhs && (peek().kind == Lex::op_and || starts_unary())) {
      if (peek().kind == Lex::op_and) {
        const Lexeme& op = advance();
        if (!starts_unary()) return expected_after(op);
      }
      auto rhs = parse_unary();
      if (!rhs) return rhs;
      lhs = combine(QueryNode::Kind::all, std::move(*lhs), std::move(*rhs));
    }
    return lhs;
  }

  // A run of NOTs (or `-`s) is counted in a loop, not recursed into, and each one is a nesting level.
  Result<QueryNode> parse_unary() {
    std::size_t nots = 0;
    while (peek().kind == Lex::op_not || peek().kind == Lex::minus) {
      const Lexeme& op = advance();
      if (!descend()) return too_deep(op);
      if (!starts_unary()) return expected_after(op);
      ++nots;
    }
    auto node = parse_primary();
    m_depth -= nots;
    if (!node) return node;
    for (std::size_t i = 0; i < nots; ++i) {
      QueryNode negation{QueryNode::Kind::negate, 0, {}};
      negation.children.push_back(std::move(*node));
      node = std::move(negation);
    }
    return node;
  }

  Result<QueryNode> parse_primary() {
    const Lexeme& lexeme = advance();
    switch (lexeme.kind) {
      case Lex::word:
      case Lex::phrase: return make_term(lexeme);
      case Lex::lparen: {
        if (peek().kind == Lex::rparen) return fail(ErrorKind::parse, at_column("empty parentheses", lexeme.column));
        if (!descend()) return too_deep(lexeme);
        auto inner = parse_or();
        --m_depth;
        if (!inner) return inner;
        if (peek().kind != Lex::rparen) {
          return fail(ErrorKind::parse, at_column("unbalanced parenthesis", lexeme.column));
        }
        advance();
        return inner;
      }
      case Lex::rparen: return fail(ErrorKind::parse, at_column("unbalanced parenthesis", lexeme.column));
      case Lex::op_and:
      case Lex::op_or: return fail(ErrorKind::parse, at_column("expected a term before " + lexeme.text, lexeme.column));
      default: return fail(ErrorKind::parse, at_column("expected a term", lexeme.column));
    }
  }

  Result<QueryNode> make_term(const Lexeme& lexeme) {
    std::string_view text = lexeme.text;
    bool prefix = lexeme.kind == Lex::word && text.find('*') != std::string_view::npos;
    if (prefix) {  // `Kurs*`: only trailing stars make a prefix
      std::size_t last = text.find_last_not_of('*');
      if (last != std::string_view::npos && text.find('*') < last) {
        return fail(ErrorKind::parse, at_column("'*' may only end a word (a prefix, like Kurs*)", lexeme.column));
      }
      text = text.substr(0, last == std::string_view::npos ? 0 : last + 1);
    }
    Tokens tokens = tokenize(text);
    if (tokens.empty()) {
      std::string what =
          lexeme.kind == Lex::phrase ? "empty phrase" : "term '" + lexeme.text + "' has no letters or digits";
      return fail(ErrorKind::parse, at_column(what, lexeme.column));
    }
    std::string scope = lexeme.scope == Scope::text ? "" : std::string(scope_name(lexeme.scope)) + ":";
    if (prefix) {
      return add_term(QueryTerm{scope + lexeme.text, scope + lexeme.text, single_form(tokens, true), lexeme.scope, "",
                                lexeme.column});
    }
    QueryTerm term{lexeme.text, "", nullptr, lexeme.scope, "", lexeme.column};
    const auto* alias = lexeme.scope == Scope::site ? nullptr : m_aliases.find(tokens, m_work);  // a site is a name
    if (alias) {
      term.label = alias->name;
      term.alias = alias->name;
      term.forms = alias->forms;
    } else {
      term.forms = single_form(tokens, false);
    }
    bool bare = term.forms->size() == 1 && tokens.size() == 1 && term.label.find(' ') == std::string::npos;
    term.shown = scope + (bare ? term.label : "\"" + term.label + "\"");
    term.label = scope + term.label;
    return add_term(std::move(term));
  }

  std::shared_ptr<const FormSet> single_form(const Tokens& tokens, bool prefix) {
    auto forms = std::make_shared<FormSet>();
    forms->add(tokens, prefix, m_work);
    return forms;
  }

  QueryNode add_term(QueryTerm term) {
    m_terms.push_back(std::move(term));
    return QueryNode{QueryNode::Kind::term, m_terms.size() - 1, {}};
  }

  std::vector<Lexeme> m_lexemes;
  const AliasIndex& m_aliases;
  WorkCount* m_work;
  std::size_t m_pos = 0;
  std::size_t m_depth = 0;  // enclosing parentheses and NOTs
  std::vector<QueryTerm> m_terms;
};

}  // namespace

MatchText MatchText::from(std::string_view title, std::string_view summary) {
  MatchText out;
  out.title = TokenText::from(title);
  out.summary = TokenText::from(strip_wire_prefix(summary));
  return out;
}

MatchText MatchText::from(const Item& item) {
  MatchText out = from(item.title, item.summary);
  out.body = TokenText::from(std::string_view(item.body).substr(0, k_max_body));
  out.site = TokenText::from(item.site);
  for (const std::string& author : item.authors) out.authors.push_back(TokenText::from(author));
  for (const std::string& tag : item.tags) out.tags.push_back(TokenText::from(tag));
  return out;
}

bool term_found(const QueryTerm& term, const MatchText& text, WorkCount* work) {
  const FormSet& forms = *term.forms;
  auto in_any = [&](const std::vector<TokenText>& fields) {
    return std::any_of(fields.begin(), fields.end(), [&](const TokenText& f) { return forms.found_in(f, work); });
  };
  switch (term.scope) {
    case Scope::text:
      return forms.found_in(text.title, work) || forms.found_in(text.summary, work) || forms.found_in(text.body, work);
    case Scope::title: return forms.found_in(text.title, work);
    case Scope::summary: return forms.found_in(text.summary, work);
    case Scope::body: return forms.found_in(text.body, work);
    case Scope::site: return !text.site.tokens.empty() && forms.match_at(text.site, 0, work) == text.site.tokens.size();
    case Scope::author: return in_any(text.authors);
    case Scope::tag: return in_any(text.tags);
  }
  return false;
}

bool contains_sequence(const Tokens& haystack, const Tokens& needle) noexcept {
  if (needle.empty() || needle.size() > haystack.size()) return false;
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

Result<Query> Query::parse(std::string_view text, const Aliases& aliases) {
  return parse(text, AliasIndex(aliases));
}

Result<Query> Query::parse(std::string_view text, const AliasIndex& aliases, WorkCount* work) {
  auto lexemes = lex_query(text);
  if (!lexemes) return tl::unexpected(lexemes.error());
  auto warnings = operator_word_warnings(*lexemes);
  Parser parser(std::move(*lexemes), aliases, work);
  auto root = parser.parse();
  if (!root) return tl::unexpected(root.error());
  Query query(std::move(*root), parser.take_terms(), std::move(warnings));
  if (query.eval(query.m_root, MatchText{}, nullptr, true, nullptr)) {
    return fail(ErrorKind::parse,
                "query would match items containing none of its terms (add a term outside NOT) at column 1");
  }
  return query;
}

// `hits` collects the terms that make `node` come out as `want`: a term found
// where it is wanted (under an even number of NOTs, so `NOT NOT a` and
// `NOT (b OR NOT a)` report `a`). A node adds hits only when its value equals
// `want`, so a failed branch reports nothing. Under NOT the roles of AND and OR
// swap: an AND wanted false is justified by each false operand, like an OR.
// Recursive only because the parser bounds the depth (k_max_depth nesting
// levels; a flat AND/OR node is one level however many operands it has).
bool Query::eval(const QueryNode& node, const MatchText& text, std::vector<std::size_t>* hits, bool want,
                 WorkCount* work) const {
  switch (node.kind) {
    case QueryNode::Kind::term: {
      bool found = term_found(m_terms[node.term], text, work);
      if (found && want && hits) hits->push_back(node.term);
      return found;
    }
    case QueryNode::Kind::negate: return !eval(node.children.front(), text, hits, !want, work);
    case QueryNode::Kind::all:
    case QueryNode::Kind::any: {
      bool is_all = node.kind == QueryNode::Kind::all;
      if (is_all == want) {  // every operand must come out as `want`
        std::vector<std::size_t> local;
        for (const auto& child : node.children) {
          if (eval(child, text, hits ? &local : nullptr, want, work) != want) return !want;
        }
        if (hits) hits->insert(hits->end(), local.begin(), local.end());
        return want;
      }
      bool any = false;  // one operand decides; no short-circuit: every deciding operand is reported
      for (const auto& child : node.children) any = (eval(child, text, hits, want, work) == want) || any;
      return any ? want : !want;
    }
  }
  return false;
}

std::optional<std::vector<std::string>> Query::match(const MatchText& text, WorkCount* work) const {
  std::vector<std::size_t> hits;
  if (!eval(m_root, text, &hits, true, work)) return std::nullopt;
  std::sort(hits.begin(), hits.end());
  std::vector<std::string> labels;
  for (auto index : hits) {
    const auto& label = m_terms[index].label;
    if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
  }
  return labels;
}

std::optional<std::vector<std::string>> Query::match(std::string_view title, std::string_view summary) const {
  return match(MatchText::from(title, summary));
}

std::optional<std::vector<std::string>> Query::match(const Item& item) const {
  return match(MatchText::from(item));
}

std::string Query::node_string(const QueryNode& node) const {
  if (node.kind == QueryNode::Kind::term) return m_terms[node.term].shown;
  std::string out = node.kind == QueryNode::Kind::all ? "(AND" : node.kind == QueryNode::Kind::any ? "(OR" : "(NOT";
  for (const auto& child : node.children) out += " " + node_string(child);
  return out + ")";
}

std::string Query::to_string() const {
  return node_string(m_root);
}

}  // namespace newswatch
