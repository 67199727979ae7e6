#include "alerts/normalize.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

struct TokenCase {
  const char* name;
  const char* text;
  Tokens expected;
};

// Test names carry the row name; this keeps ctest's listing readable too.
void PrintTo(const TokenCase& c, std::ostream* os) {
  *os << c.name;
}

const TokenCase k_token_cases[] = {
    {"ascii_case_folded", "North KOREA", {"north", "korea"}},
    {"hyphen_separates", "Kim Jong-un", {"kim", "jong", "un"}},
    {"unicode_hyphen_separates", "Kim Jong\u2010un", {"kim", "jong", "un"}},
    {"non_breaking_hyphen_separates", "Kim Jong\u2011un", {"kim", "jong", "un"}},
    {"en_dash_separates", "Seoul\u2013Pyongyang", {"seoul", "pyongyang"}},
    {"em_dash_separates", "talks\u2014again", {"talks", "again"}},
    {"curly_double_quotes_separate", "\u201cmutual trust\u201d", {"mutual", "trust"}},
    {"straight_double_quotes_separate", "\"mutual trust\"", {"mutual", "trust"}},
    {"curly_apostrophe_ends_word", "Russia\u2019s army", {"russia", "s", "army"}},
    {"straight_apostrophe_ends_word", "Russia's army", {"russia", "s", "army"}},
    {"modifier_apostrophe_ends_word", "Russia\u02bcs", {"russia", "s"}},
    {"left_single_quote_separates", "\u2018difficulties\u2019", {"difficulties"}},
    {"latin1_folded", "\u00c9TAT \u00dcBER", {"\u00e9tat", "\u00fcber"}},
    {"latin_extended_folded", "\u0141\u00d3D\u0179", {"\u0142\u00f3d\u017a"}},
    {"cyrillic_folded", "\u041c\u041e\u0421\u041a\u0412\u0410", {"\u043c\u043e\u0441\u043a\u0432\u0430"}},
    {"hangul_word_kept", "\ubd81\ud55c \ub7ec\uc2dc\uc544", {"\ubd81\ud55c", "\ub7ec\uc2dc\uc544"}},
    {"han_one_token_per_character", "\u671d\u9bae", {"\u671d", "\u9bae"}},
    {"punctuation_separates", "Kursk, Russia: (again)!", {"kursk", "russia", "again"}},
    {"digits_are_words", "in 2024", {"in", "2024"}},
    {"invalid_utf8_separates",
     "abc\xff"
     "def",
     {"abc", "def"}},
    {"truncated_sequence_separates", "abc\xe2\x80", {"abc"}},
    {"empty", "", {}},
};

class TokenizeTest : public testing::TestWithParam<TokenCase> {};

TEST_P(TokenizeTest, ProducesFoldedWordTokens) {
  EXPECT_EQ(tokenize(GetParam().text), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Normalize, TokenizeTest, testing::ValuesIn(k_token_cases),
                         [](const auto& info) { return std::string(info.param.name); });

struct PrefixCase {
  const char* name;
  const char* summary;
  const char* expected;
};

// Test names carry the row name; this keeps ctest's listing readable too.
void PrintTo(const PrefixCase& c, std::ostream* os) {
  *os << c.name;
}

const PrefixCase k_prefix_cases[] = {
    {"bare_tag", "(MENAFN) Russia will support North Korea", "Russia will support North Korea"},
    {"tag_with_source", "(MENAFN - Daily Sabah) Russia will support", "Russia will support"},
    {"leading_whitespace", "  (MENAFN- AFP) text", "text"},
    {"no_tag", "Russia will support (MENAFN)", "Russia will support (MENAFN)"},
    {"lookalike_tag", "(MENAFNX) text", "(MENAFNX) text"},
    {"unclosed_tag", "(MENAFN - never closed", "(MENAFN - never closed"},
    {"tag_only", "(MENAFN)", ""},
    {"empty", "", ""},
};

class WirePrefixTest : public testing::TestWithParam<PrefixCase> {};

TEST_P(WirePrefixTest, StripsOnlyALeadingMenafnTag) {
  EXPECT_EQ(strip_wire_prefix(GetParam().summary), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Normalize, WirePrefixTest, testing::ValuesIn(k_prefix_cases),
                         [](const auto& info) { return std::string(info.param.name); });

struct TruncateCase {
  const char* name;
  const char* text;
  std::size_t max_units;
  const char* expected;
};

// Test names carry the row name; this keeps ctest's listing readable too.
void PrintTo(const TruncateCase& c, std::ostream* os) {
  *os << c.name;
}

const TruncateCase k_truncate_cases[] = {
    {"fits", "abc", 3, "abc"},
    {"cut_with_ellipsis", "abcdef", 4, "abc\u2026"},
    {"cut_never_splits_a_character", "\u00e9\u00e9\u00e9\u00e9", 3, "\u00e9\u00e9\u2026"},
    {"astral_counts_two_units", "\U0001F600\U0001F600\U0001F600", 4, "\U0001F600\u2026"},
    {"trailing_space_dropped_before_ellipsis", "ab cd", 4, "ab\u2026"},
    {"zero_budget", "abc", 0, ""},
};

class TruncateTest : public testing::TestWithParam<TruncateCase> {};

TEST_P(TruncateTest, CutsOnCodePointBoundaryWithinUnitBudget) {
  const auto& c = GetParam();
  std::string out = truncate_text(c.text, c.max_units);
  EXPECT_EQ(out, c.expected);
  EXPECT_LE(utf16_length(out), c.max_units);
}

INSTANTIATE_TEST_SUITE_P(Normalize, TruncateTest, testing::ValuesIn(k_truncate_cases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
