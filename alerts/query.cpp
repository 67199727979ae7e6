#include "alerts/query.h"

// Recursive descent over a small lexer. Grammar (precedence NOT > AND > OR):
//   query   := or_expr END
//   or_expr := and_expr ("OR" and_expr)*
//   and_expr:= unary (["AND"] unary)*        adjacency is an implicit AND
//   unary   := "NOT" unary | primary
//   primary := WORD | PHRASE | "(" or_expr ")"
// Columns in errors count code points from 1, so they line up with what the
// user typed. A query that would match an item containing none of its terms
// (e.g. `NOT podcast`) is rejected: as a watch it would alert on everything.

#include <algorithm>

namespace newswatch {
namespace {

enum class Lex { word, phrase, lparen, rparen, op_and, op_or, op_not, end };

struct Lexeme {
  Lex kind = Lex::end;
  std::string text;
  std::size_t column = 0;
};

bool is_quote(char32_t c) {
  return c == U'"' || c == 0x201C || c == 0x201D || c == 0x201E;
}
bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == 0xA0 || c == 0x3000;
}

std::string at_column(std::string what, std::size_t column) {
  return what + " at column " + std::to_string(column);
}

Result<std::vector<Lexeme>> lex(std::string_view text) {
  std::vector<Lexeme> out;
  std::size_t pos = 0;
  std::size_t column = 1;
  auto next = [&] {
    ++column;
    return decode_utf8(text, pos);
  };
  while (pos < text.size()) {
    std::size_t start = pos;
    std::size_t start_column = column;
    char32_t c = next();
    if (is_space(c)) continue;
    if (c == U'(' || c == U')') {
      out.push_back({c == U'(' ? Lex::lparen : Lex::rparen, std::string(1, static_cast<char>(c)), start_column});
      continue;
    }
    if (is_quote(c)) {
      std::size_t inner = pos;
      bool closed = false;
      while (pos < text.size() && !closed) {
        std::size_t before = pos;
        if (is_quote(next())) {
          out.push_back({Lex::phrase, std::string(text.substr(inner, before - inner)), start_column});
          closed = true;
        }
      }
      if (!closed) return fail(ErrorKind::parse, at_column("unterminated quote", start_column));
      continue;
    }
    std::size_t end = pos;
    while (end < text.size()) {
      std::size_t probe = end;
      char32_t d = decode_utf8(text, probe);
      if (is_space(d) || is_quote(d) || d == U'(' || d == U')') break;
      end = probe;
      ++column;
    }
    pos = end;
    std::string word(text.substr(start, end - start));
    Lex kind = word == "AND" ? Lex::op_and : word == "OR" ? Lex::op_or : word == "NOT" ? Lex::op_not : Lex::word;
    out.push_back({kind, std::move(word), start_column});
  }
  out.push_back({Lex::end, "", column});
  return out;
}

class Parser {
 public:
  Parser(std::vector<Lexeme> lexemes, const Aliases& aliases) : m_lexemes(std::move(lexemes)), m_aliases(aliases) {}

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
    return k == Lex::word || k == Lex::phrase || k == Lex::lparen || k == Lex::op_not;
  }
  tl::unexpected<Error> expected_after(const Lexeme& op) const {
    return fail(ErrorKind::parse, at_column("expected a term after " + op.text, peek().column));
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

  Result<QueryNode> parse_unary() {
    if (peek().kind != Lex::op_not) return parse_primary();
    const Lexeme& op = advance();
    if (!starts_unary()) return expected_after(op);
    auto operand = parse_unary();
    if (!operand) return operand;
    QueryNode node{QueryNode::Kind::negate, 0, {}};
    node.children.push_back(std::move(*operand));
    return node;
  }

  Result<QueryNode> parse_primary() {
    const Lexeme& lexeme = advance();
    switch (lexeme.kind) {
      case Lex::word:
      case Lex::phrase: return make_term(lexeme);
      case Lex::lparen: {
        if (peek().kind == Lex::rparen) return fail(ErrorKind::parse, at_column("empty parentheses", lexeme.column));
        auto inner = parse_or();
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
    Tokens tokens = tokenize(lexeme.text);
    if (tokens.empty()) {
      std::string what =
          lexeme.kind == Lex::phrase ? "empty phrase" : "term '" + lexeme.text + "' has no letters or digits";
      return fail(ErrorKind::parse, at_column(what, lexeme.column));
    }
    QueryTerm term{lexeme.text, {tokens}};
    if (auto alias = find_alias(tokens)) {
      term.label = alias->first;
      term.forms.clear();
      add_form(term, alias->first);
      for (const auto& form : alias->second) add_form(term, form);
    }
    m_terms.push_back(std::move(term));
    return QueryNode{QueryNode::Kind::term, m_terms.size() - 1, {}};
  }

  const Aliases::value_type* find_alias(const Tokens& tokens) const {
    for (const auto& entry : m_aliases) {
      if (tokenize(entry.first) == tokens) return &entry;
      for (const auto& form : entry.second) {
        if (tokenize(form) == tokens) return &entry;
      }
    }
    return nullptr;
  }

  static void add_form(QueryTerm& term, std::string_view text) {
    Tokens tokens = tokenize(text);
    if (!tokens.empty() && std::find(term.forms.begin(), term.forms.end(), tokens) == term.forms.end()) {
      term.forms.push_back(std::move(tokens));
    }
  }

  std::vector<Lexeme> m_lexemes;
  const Aliases& m_aliases;
  std::size_t m_pos = 0;
  std::vector<QueryTerm> m_terms;
};

}  // namespace

MatchText MatchText::from(std::string_view title, std::string_view summary) {
  return MatchText{tokenize(title), tokenize(strip_wire_prefix(summary))};
}

bool contains_sequence(const Tokens& haystack, const Tokens& needle) noexcept {
  if (needle.empty() || needle.size() > haystack.size()) return false;
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

Result<Query> Query::parse(std::string_view text, const Aliases& aliases) {
  auto lexemes = lex(text);
  if (!lexemes) return tl::unexpected(lexemes.error());
  Parser parser(std::move(*lexemes), aliases);
  auto root = parser.parse();
  if (!root) return tl::unexpected(root.error());
  Query query(std::move(*root), parser.take_terms());
  if (query.eval(query.m_root, MatchText{}, nullptr, true)) {
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
bool Query::eval(const QueryNode& node, const MatchText& text, std::vector<std::size_t>* hits, bool want) const {
  switch (node.kind) {
    case QueryNode::Kind::term: {
      const auto& forms = m_terms[node.term].forms;
      bool found = std::any_of(forms.begin(), forms.end(), [&](const Tokens& form) {
        return contains_sequence(text.title, form) || contains_sequence(text.summary, form);
      });
      if (found && want && hits) hits->push_back(node.term);
      return found;
    }
    case QueryNode::Kind::negate: return !eval(node.children.front(), text, hits, !want);
    case QueryNode::Kind::all:
    case QueryNode::Kind::any: {
      bool is_all = node.kind == QueryNode::Kind::all;
      if (is_all == want) {  // every operand must come out as `want`
        std::vector<std::size_t> local;
        for (const auto& child : node.children) {
          if (eval(child, text, hits ? &local : nullptr, want) != want) return !want;
        }
        if (hits) hits->insert(hits->end(), local.begin(), local.end());
        return want;
      }
      bool any = false;  // one operand decides; no short-circuit: every deciding operand is reported
      for (const auto& child : node.children) any = (eval(child, text, hits, want) == want) || any;
      return any ? want : !want;
    }
  }
  return false;
}

std::optional<std::vector<std::string>> Query::match(const MatchText& text) const {
  std::vector<std::size_t> hits;
  if (!eval(m_root, text, &hits, true)) return std::nullopt;
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

std::string Query::node_string(const QueryNode& node) const {
  if (node.kind == QueryNode::Kind::term) {
    const auto& term = m_terms[node.term];
    const auto& label = term.label;
    bool bare = term.forms.size() == 1 && term.forms.front().size() == 1 && label.find(' ') == std::string::npos;
    return bare ? label : "\"" + label + "\"";
  }
  std::string out = node.kind == QueryNode::Kind::all ? "(AND" : node.kind == QueryNode::Kind::any ? "(OR" : "(NOT";
  for (const auto& child : node.children) out += " " + node_string(child);
  return out + ")";
}

std::string Query::to_string() const {
  return node_string(m_root);
}

}  // namespace newswatch
