// PostgreSQL's full-text words (store/search_text.cpp): how text folds to words, and the tsvector and
// tsquery literals built from them. Whether the folding finds every phrase the Matcher finds is checked
// against the Matcher itself in tests/alerts/search_fold_superset_test.cpp.

#include <gtest/gtest.h>

#include "store/search_text.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

struct WordsCase {
  const char* text;
  std::vector<std::string> words;
};

const WordsCase k_words_cases[] = {
    {"Kim Jong-un visits", {"kim", "jong", "un", "visits"}},
    {"Pérez, PÉREZ and Pe\u0301rez", {"perez", "perez", "and", "perez"}},  // composed, decomposed
    {"Straße STRASSE", {"strasse", "strasse"}},
    {"Russia\u2019s \u201cenvoy\u201d", {"russia", "s", "envoy"}},
    {"Russia\u02bcs", {"russia", "s"}},  // the modifier apostrophe is a separator to the Matcher too
    {"\uff24\uff30\uff32\uff2b \ufb01nance", {"dprk", "finance"}},  // full-width letters, the fi ligature
    {"soft\u00adhyphen zero\u200bwidth", {"softhyphen", "zero", "width"}},
    {"\u0386\u03b8\u03ae\u03bd\u03b1 \u03a3\u0399\u03a3\u03a5\u03a6\u039f\u03a3", {"αθηνα", "σισυφοσ"}},
    {"\u0419\u043e\u0448\u043a\u0430\u0440-\u041e\u043b\u0430 \u0451\u043b\u043a\u0430", {"иошкар", "ола", "елка"}},
    {"\u0141\u00f3d\u017a \u00c6sir \u0130stanbul", {"łodz", "æsir", "istanbul"}},
    {"x\u00b2 \u2163 \u2460", {"x2", "iv", "1"}},
    {"\u5317\u671d\u9bae Seoul \ubd81\ud55c", {"seoul"}},  // other scripts are never narrowed
    {"bad\xff\xfe"
     "bytes \xc3",
     {"bad", "bytes"}},
    {"", {}},
};

TEST(SearchText, Words_FoldCaseDiacriticsAndCompatibilityForms_AndCutAtEverySeparator) {
  for (const auto& c : k_words_cases) EXPECT_EQ(search_text::words(c.text), c.words) << c.text;
}

TEST(SearchText, LongWord_IsCutAtACharacterBoundary) {
  std::string text(search_text::k_max_word_bytes - 1, 'a');
  text += "\u00e6\u00e6";  // the cut falls inside the first æ
  const auto words = search_text::words(text);
  ASSERT_EQ(words.size(), 1u);
  EXPECT_EQ(words[0], std::string(search_text::k_max_word_bytes - 1, 'a'));
  EXPECT_EQ(search_text::words(words[0]), words) << "a cut word folds to itself, so a query finds it";
}

TEST(SearchText, Tsvector_NumbersWordsAcrossFields_WithAGapBetweenThem) {
  EXPECT_EQ(search_text::tsvector_literal({"Kim visits", "Kim's plant", ""}), "'kim':1,4 'plant':6 's':5 'visits':2");
}

TEST(SearchText, Tsvector_BeyondPostgresqlsPositions_DropsThemAndMarksTheItemLong) {
  std::string body;
  for (int i = 0; i < 300; ++i) body += "say ";
  EXPECT_EQ(search_text::tsvector_literal({"Officials", "", body}), "'#long' 'officials' 'say'");
}

TEST(SearchText, Tsquery_OrsPhrases_EachPhraseAlsoMatchingLongItemsByItsWords) {
  EXPECT_EQ(search_text::tsquery_literal({{"north", "korea"}, {"dprk"}}),
            "(('north' <-> 'korea') | ('#long' & 'north' & 'korea')) | ('dprk')");
  EXPECT_EQ(search_text::tsquery_literal({{"a\"b OR c'"}}),
            "(('a' <-> 'b' <-> 'or' <-> 'c') | ('#long' & 'a' & 'b' & 'or' & 'c'))")
      << "a token is folded to words; no character of it reaches tsquery's syntax";
  EXPECT_EQ(search_text::tsquery_literal({{"\u2019"}, {}}), "") << "no phrase with a word: nothing passes";
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
