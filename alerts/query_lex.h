#pragma once
// The query lexer: words, quoted phrases, parentheses and the upper-case
// operators, each with the 1-based column (in code points) where it starts.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "config/error.h"

namespace newswatch {

enum class Lex { word, phrase, lparen, rparen, op_and, op_or, op_not, end };

struct Lexeme {
  Lex kind = Lex::end;
  std::string text;  ///< as typed; a phrase without its quotes
  std::size_t column = 0;
};

/// The lexemes of `text`, ending with one of kind `end`; fails on an unterminated quote.
Result<std::vector<Lexeme>> lex_query(std::string_view text);

/// "WHAT at column N", the form of every located query message.
std::string at_column(std::string what, std::size_t column);

}  // namespace newswatch
