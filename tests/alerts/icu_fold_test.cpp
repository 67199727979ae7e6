// ICU normalisation of text for matching (normalize.h): NFKC_Casefold folds
// compatibility forms and case fully, and every token still points at the
// text as written.

#include <gtest/gtest.h>

#include "alerts/normalize.h"
#include "alerts/query.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

struct FoldCase {
  const char* name;
  const char* query;
  const char* text;
  bool match;
};

void PrintTo(const FoldCase& c, std::ostream* os) {
  *os << c.name;
}

const FoldCase k_fold_cases[] = {
    {"full_width_latin", "DPRK", "ＤＰＲＫ、弾道ミサイル発射", true},
    {"full_width_query", "ＤＰＲＫ", "dprk fires missile", true},
    {"sharp_s_folds_to_ss", "Straße", "STRASSE GESPERRT", true},
    {"ss_finds_sharp_s", "strasse", "Die Straße nach Kaesong", true},
    {"greek_final_sigma", "ΟΔΥΣΣΕΥΣ", "ο οδυσσευς επιστρέφει", true},
    {"greek_final_sigma_written", "Οδυσσεύς", "ΟΔΥΣΣΕΎΣ", true},
    {"cyrillic", "МОСКВА", "москва и пхеньян", true},
    {"dotted_capital_i", "istanbul", "İSTANBUL summit", true},
    {"ligature", "finance", "the ﬁnance ministry", true},
    {"half_width_katakana", "カタカナ", "ｶﾀｶﾅの記事", true},
    {"compatibility_jamo", "ㅋㅋ", "ᄏᄏ", true},
    {"half_width_hangul_jamo", "ㄱ", "ﾡ", true},
    {"combining_accent_composes", "café", "Cafe\u0301 talks", true},
    {"accents_still_distinct", "cafe", "café talks", false},
    {"soft_hyphen_inside_word", "Pyongyang", "Pyong\u00adyang", true},
    {"zero_width_space_separates", "Korea", "North\u200bKorea", true},
    {"circled_digit", "1", "plan ① adopted", true},
    {"han_substring_of_run", "北朝鮮", "北朝鮮のミサイル発射", true},
    {"kana_substring_of_run", "ミサイル", "弾道ミサイル発射", true},
    {"chinese_substring", "朝鲜", "朝鲜半岛局势", true},
    {"latin_keeps_word_boundaries", "Korea", "Koreans rally", false},
};

class FoldTest : public testing::TestWithParam<FoldCase> {};

TEST_P(FoldTest, QueryMatchesTextAfterNfkcCasefold) {
  auto query = Query::parse(GetParam().query);
  ASSERT_TRUE(query) << query.error().message;
  EXPECT_EQ(query->match(GetParam().text, "").has_value(), GetParam().match);
}

INSTANTIATE_TEST_SUITE_P(Icu, FoldTest, testing::ValuesIn(k_fold_cases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(IcuFold, TokenSpans_PointAtTheWrittenText) {
  std::string text = "Ａ ＤＰＲＫ Straße İx";
  std::vector<TokenSpan> spans;
  Tokens tokens = tokenize(text, &spans);
  ASSERT_EQ(tokens, (Tokens{"a", "dprk", "strasse", "ix"}));
  EXPECT_EQ(text.substr(spans[1].begin, spans[1].end - spans[1].begin), "ＤＰＲＫ");
  EXPECT_EQ(text.substr(spans[2].begin, spans[2].end - spans[2].begin), "Straße");
  EXPECT_EQ(text.substr(spans[3].begin, spans[3].end - spans[3].begin), "İx");
}

TEST(IcuFold, CombiningMarks_StayInTheirWordsSpan) {
  std::string text = "Cafe\u0301 x";
  std::vector<TokenSpan> spans;
  Tokens tokens = tokenize(text, &spans);
  ASSERT_EQ(tokens, (Tokens{"café", "x"}));
  EXPECT_EQ(spans[0].begin, 0u);
  EXPECT_EQ(spans[0].end, std::string("Cafe\u0301").size());
}

TEST(IcuFold, InvalidUtf8_SeparatesWordsAndNeverFails) {
  std::string text =
      "abc\xff\xfe"
      "def\xed\xa0\x80ghi\xc0\xafjkl\xf4\x90\x80\x80";
  EXPECT_EQ(tokenize(text), (Tokens{"abc", "def", "ghi", "jkl"}));
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
