// The PostgreSQL full-text pre-filter must pass every item the Matcher matches (store/search_text.h). This
// checks the store's ICU-free folding against the Matcher's own tokenizer (alerts/normalize.cpp), code point by
// code point: for each one, in a word and between words, every phrase of the Matcher's tokens that the
// pre-filter may be asked for (the tokens app/item_search.cpp sends: ASCII letters and digits, Latin, Greek
// and Cyrillic letters) must be a phrase of the store's words too.

#include <algorithm>

#include <gtest/gtest.h>

#include "alerts/normalize.h"
#include "store/search_text.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

/// The characters app/item_search.cpp lets a term narrow with (its safe_char).
bool narrowing_char(char32_t c) {
  if ((c >= U'a' && c <= U'z') || (c >= U'0' && c <= U'9')) return true;
  if (c >= 0xDF && c <= 0x24F) return c != 0xF7;
  if (c >= 0x3AC && c <= 0x3CE) return true;
  return c >= 0x430 && c <= 0x45F;
}

bool narrowing_token(const std::string& token) {
  for (std::size_t pos = 0; pos < token.size();)
    if (!narrowing_char(decode_utf8(token, pos))) return false;
  return true;
}

/// The store's words of `tokens` (a query phrase), in order.
std::vector<std::string> phrase_words(const std::vector<std::string>& tokens) {
  std::vector<std::string> out;
  for (const auto& t : tokens)
    for (auto& w : search_text::words(t)) out.push_back(std::move(w));
  return out;
}

bool contains_run(const std::vector<std::string>& text, const std::vector<std::string>& run) {
  if (run.empty()) return true;
  return std::search(text.begin(), text.end(), run.begin(), run.end()) != text.end();
}

/// "" when every narrowing phrase of one or two Matcher tokens of `text` is a run of the store's words.
std::string missed_phrase(const std::string& text) {
  const Tokens tokens = tokenize(text);
  const auto words = search_text::words(text);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (!narrowing_token(tokens[i])) continue;
    std::vector<std::string> phrase = {tokens[i]};
    if (!contains_run(words, phrase_words(phrase))) return tokens[i];
    if (i + 1 < tokens.size() && narrowing_token(tokens[i + 1])) {
      phrase.push_back(tokens[i + 1]);
      if (!contains_run(words, phrase_words(phrase))) return tokens[i] + " " + tokens[i + 1];
    }
  }
  return "";
}

TEST(SearchFoldSuperset, EveryCodePoint_InAWordAndBetweenWords_KeepsEveryMatcherPhrase) {
  int missed = 0;
  for (char32_t c = 0x80; c < 0xE1000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    if (c == 0x30000) c = 0xE0000;  // plane 3 is Han (one-character tokens), 4 to 13 empty; tags and selectors
    std::string ch;
    append_utf8(ch, c);
    for (const std::string& text : {"Ab" + ch + "cd ef", "ab " + ch + " Cd", "ab" + ch + ch + " cd", ch + "b c"}) {
      const std::string phrase = missed_phrase(text);
      if (phrase.empty()) continue;
      if (++missed <= 20)
        ADD_FAILURE() << "U+" << std::hex << static_cast<std::uint32_t>(c) << " in \"" << text
                      << "\": the Matcher's phrase \"" << phrase << "\" is not in the index";
    }
  }
  EXPECT_EQ(missed, 0);
}

TEST(SearchFoldSuperset, NewsText_KeepsEveryMatcherPhrase) {
  for (const char* text : {
           "Kim Jong-un’s “envoy” met Lavrov — «Россия» and «Ёлка» — in Pyongyang",
           "Ｍｉｎｉｓｔｒｙ of Ｆｏｒｅｉｇｎ Ａｆｆａｉｒｓ: ﬁnal statement on İstanbul talks",
           "Ὀδυσσεύς ΣΊΣΥΦΟΣ Αθήνα: Straße, STRASSE, Łódź, Ærø, Dž, ǅ, col·lecció",
           "Pe\u0301rez soft\u00adhyphen zero\u200bwidth x² Ⅳ ① 𝐊𝐨𝐫𝐞𝐚 ᴷᵒʳᵉᵃ ⓀⓄⓇⒺⒶ",
       })
    EXPECT_EQ(missed_phrase(text), "") << text;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
