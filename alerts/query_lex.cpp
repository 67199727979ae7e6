#include "alerts/query_lex.h"

#include <optional>

#include "alerts/normalize.h"

namespace newswatch {

std::string at_column(std::string what, std::size_t column) {
  return what + " at column " + std::to_string(column);
}

std::string QueryWarning::to_string() const {
  return at_column(message, column);
}

namespace {

struct ScopeName {
  std::string_view name;
  Scope scope;
};

constexpr ScopeName k_scopes[] = {{"title", Scope::title}, {"summary", Scope::summary}, {"body", Scope::body},
                                  {"site", Scope::site},   {"author", Scope::author},   {"tag", Scope::tag}};

}  // namespace

std::string_view scope_name(Scope scope) noexcept {
  for (const ScopeName& s : k_scopes)
    if (s.scope == scope) return s.name;
  return "";
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

bool ascii_letters(std::string_view word) {
  if (word.empty()) return false;
  for (char c : word)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return false;
  return true;
}

/// The scope `name` spells (any case), or nullopt.
std::optional<Scope> find_scope(std::string_view name) {
  std::string lower = ascii_lower(name);
  for (const ScopeName& s : k_scopes)
    if (s.name == lower) return s.scope;
  return std::nullopt;
}

std::string scope_list() {
  std::string out;
  for (const ScopeName& s : k_scopes) out += (out.empty() ? "" : ", ") + std::string(s.name) + ":";
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
  // A scope written just before this lexeme (`body:` before a quote); Scope::text when none.
  Scope pending = Scope::text;
  std::size_t pending_column = 0;
  while (pos < text.size()) {
    std::size_t start = pos;
    std::size_t start_column = column;
    char32_t c = next();
    if (pending != Scope::text && !is_quote(c)) {
      return fail(ErrorKind::parse,
                  at_column("a scope applies to one word or phrase (write " + std::string(scope_name(pending)) +
                                ":a OR " + std::string(scope_name(pending)) + ":b)",
                            pending_column));
    }
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
          std::size_t shown_column = pending != Scope::text ? pending_column : start_column;
          out.push_back({Lex::phrase, std::string(text.substr(inner, before - inner)), shown_column, pending});
          closed = true;
        }
      }
      if (!closed) return fail(ErrorKind::parse, at_column("unterminated quote", start_column));
      pending = Scope::text;
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
    Scope scope = Scope::text;
    if (auto colon = word.find(':'); kind == Lex::word && colon != std::string::npos) {
      std::string_view name = std::string_view(word).substr(0, colon);
      std::string rest = word.substr(colon + 1);
      bool quoted_next = rest.empty() && pos < text.size() && [&] {
        std::size_t probe = pos;
        return is_quote(decode_utf8(text, probe));
      }();
      bool followed = !rest.empty() || quoted_next || (rest.empty() && pos < text.size() && text[pos] == '(');
      auto known = find_scope(name);
      if (followed && ascii_letters(name) && !known) {
        return fail(
            ErrorKind::parse,
            at_column("unknown scope '" + std::string(name) + ":' (scopes: " + scope_list() + ")", start_column));
      }
      if (known && rest.empty() && !quoted_next) {
        return fail(ErrorKind::parse,
                    at_column("a scope applies to one word or phrase (write " + std::string(scope_name(*known)) +
                                  ":a OR " + std::string(scope_name(*known)) + ":b)",
                              start_column));
      }
      if (known && quoted_next) {
        pending = *known;
        pending_column = start_column;
        continue;
      }
      if (known) {
        scope = *known;
        word = std::move(rest);
      }
    }
    out.push_back({kind, std::move(word), start_column, scope});
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
