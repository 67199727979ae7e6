#include "alerts/query_lex.h"

#include "alerts/normalize.h"

namespace newswatch {

std::string at_column(std::string what, std::size_t column) {
  return what + " at column " + std::to_string(column);
}

std::string QueryWarning::to_string() const {
  return at_column(message, column);
}

namespace {

bool is_quote(char32_t c) {
  return c == U'"' || c == 0x201C || c == 0x201D || c == 0x201E;
}
bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\r' || c == U'\n' || c == 0xA0 || c == 0x3000;
}

// A `-` excludes only when it starts a lexeme and something follows it: `a - b` keeps `-` as a word
// (an error: no letters), `N-Korea` is one word.
bool starts_exclusion(std::string_view text, std::size_t pos) {
  if (pos >= text.size()) return false;
  char32_t next = decode_utf8(text, pos);
  return !is_space(next) && next != U')';
}

bool ends_term(Lex kind) {
  return kind == Lex::word || kind == Lex::phrase || kind == Lex::rparen;
}
bool starts_term(Lex kind) {
  return kind == Lex::word || kind == Lex::phrase || kind == Lex::lparen || kind == Lex::minus || kind == Lex::op_not;
}

std::string ascii_lower(std::string_view word) {
  std::string out(word);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

Result<std::vector<Lexeme>> lex_query(std::string_view text) {
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
    if (c == U'-' && starts_exclusion(text, pos)) {
      out.push_back({Lex::minus, "-", start_column});
      continue;
    }
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

std::vector<QueryWarning> operator_word_warnings(const std::vector<Lexeme>& lexemes) {
  std::vector<QueryWarning> warnings;
  for (std::size_t i = 0; i + 1 < lexemes.size(); ++i) {
    const Lexeme& lexeme = lexemes[i];
    if (lexeme.kind != Lex::word) continue;
    std::string word = ascii_lower(lexeme.text);
    bool between = i > 0 && ends_term(lexemes[i - 1].kind) && starts_term(lexemes[i + 1].kind);
    bool before = starts_term(lexemes[i + 1].kind);
    if (((word == "and" || word == "or") && between) || (word == "not" && before)) {
      std::string upper = word == "and" ? "AND" : word == "or" ? "OR" : "NOT";
      warnings.push_back({lexeme.column, "'" + lexeme.text +
                                             "' is searched as a word, not as an operator: did you mean " + upper +
                                             "? (quote it to search the word)"});
    }
  }
  return warnings;
}

}  // namespace newswatch
