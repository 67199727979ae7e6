#pragma once
// The query lexer: words, quoted phrases, parentheses, the upper-case
// operators and a leading `-`, each with the 1-based column (in code points)
// where it starts; and the warnings that need only the lexemes. A word or
// phrase may carry a scope written before it: `title:missile`,
// `body:"Kim Yo Jong"`, `site:nknews`, `author:NAME`, `tag:"NK PRO"`.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "config/error.h"

namespace newswatch {

enum class Lex { word, phrase, lparen, rparen, op_and, op_or, op_not, minus, end };

/// Where a term looks: `text` (no scope written) is the title, the summary and the body.
enum class Scope { text, title, summary, body, site, author, tag };

/// "title", "summary", ... as written before the colon; "" for Scope::text.
std::string_view scope_name(Scope scope) noexcept;

struct Lexeme {
  Lex kind = Lex::end;
  std::string text;  ///< as typed, without its scope; a phrase without its quotes
  std::size_t column = 0;
  Scope scope = Scope::text;  ///< for a word or phrase
};

/// Something in a query that parses but probably does not mean what was typed.
struct QueryWarning {
  std::size_t column = 0;  ///< 1-based, in code points
  std::string message;
  /// "MESSAGE at column N", like a query error.
  std::string to_string() const;
};

/// The lexemes of `text`, ending with one of kind `end`; fails on an unterminated quote.
/// A `-` starting a word, phrase or group (`-Moscow`, `-"a b"`, `-(a OR b)`) is a `minus`.
/// Fails on an unknown scope (`bodi:x`), or a scope before a group or before nothing.
Result<std::vector<Lexeme>> lex_query(std::string_view text);

/// A warning for each lower-case (or mixed-case) and/or/not used like an
/// operator: `and`/`or` between terms, `not` before one. Quoted, they are silent.
std::vector<QueryWarning> operator_word_warnings(const std::vector<Lexeme>& lexemes);

/// "WHAT at column N", the form of every located query message.
std::string at_column(std::string what, std::size_t column);

}  // namespace newswatch
