#include "alerts/query.h"

#include <gtest/gtest.h>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

// The [aliases] of DESIGN.md's example config.
const Aliases k_aliases = {
    {"North Korea", {"DPRK", "N. Korea", "N-Korea", "North Korean", "Pyongyang"}},
    {"Kim Jong Un", {"Kim Jong-un", "Kim Jong Un"}},
};

constexpr const char* k_design_query = "\"North Korea\" AND (Russia OR Kursk) NOT podcast";

struct ParseCase {
  const char* name;
  const char* query;
  const char* tree;  ///< Query::to_string(), or nullptr when parsing must fail
  const char* error = "";
};

// Test names carry the row name; this keeps ctest's listing readable too.
void PrintTo(const ParseCase& c, std::ostream* os) {
  *os << c.name;
}

const ParseCase k_parse_cases[] = {
    {"bare_term", "Russia", "Russia"},
    {"phrase", "\"Kim Jong\"", "\"Kim Jong\""},
    {"curly_quoted_phrase", "\u201cKim Jong\u201d", "\"Kim Jong\""},
    {"implicit_and", "Russia Kursk", "(AND Russia Kursk)"},
    {"and_chain_flattened", "a AND b AND c", "(AND a b c)"},
    {"and_binds_tighter_than_or", "a OR b c", "(OR a (AND b c))"},
    {"and_before_or", "a AND b OR c", "(OR (AND a b) c)"},
    {"not_binds_tighter_than_and", "NOT a b", "(AND (NOT a) b)"},
    {"not_after_term_is_and_not", "a NOT b", "(AND a (NOT b))"},
    {"double_not", "NOT NOT a", "(NOT (NOT a))"},
    {"parentheses_group", "(a OR b) c", "(AND (OR a b) c)"},
    {"redundant_parentheses", "((a))", "a"},
    {"lower_case_keywords_are_terms", "russia and kursk", "(AND russia and kursk)"},
    {"alias_form_becomes_alias_name", "DPRK", "\"North Korea\""},
    {"design_example", k_design_query, "(AND \"North Korea\" (OR Russia Kursk) (NOT podcast))"},
    {"empty", "", nullptr, "empty query"},
    {"blank", "   ", nullptr, "empty query"},
    {"unclosed_parenthesis", "(Russia OR Kursk", nullptr, "unbalanced parenthesis at column 1"},
    {"unclosed_inner_parenthesis", "\"North Korea\" AND (Russia", nullptr, "unbalanced parenthesis at column 19"},
    {"stray_close_parenthesis", "Russia OR Kursk)", nullptr, "unbalanced parenthesis at column 16"},
    {"leading_close_parenthesis", ") Russia", nullptr, "unbalanced parenthesis at column 1"},
    {"empty_parentheses", "Russia ()", nullptr, "empty parentheses at column 8"},
    {"and_at_end", "Russia AND", nullptr, "expected a term after AND at column 11"},
    {"and_then_or", "Russia AND OR Kursk", nullptr, "expected a term after AND at column 12"},
    {"or_at_end", "Russia OR", nullptr, "expected a term after OR at column 10"},
    {"not_at_end", "Russia NOT", nullptr, "expected a term after NOT at column 11"},
    {"not_then_close", "(Russia NOT) x", nullptr, "expected a term after NOT at column 12"},
    {"and_at_start", "AND Russia", nullptr, "expected a term before AND at column 1"},
    {"or_after_open_parenthesis", "Russia (OR Kursk)", nullptr, "expected a term before OR at column 9"},
    {"unterminated_quote", "Russia \"North Korea", nullptr, "unterminated quote at column 8"},
    {"empty_phrase", "Russia \"\"", nullptr, "empty phrase at column 8"},
    {"punctuation_only_term", "Russia -", nullptr, "term '-' has no letters or digits at column 8"},
    {"columns_count_characters_not_bytes",
     "\u201c\u0421\u0435\u0432\u0435\u0440\u043d\u0430\u044f "
     "\u041a\u043e\u0440\u0435\u044f\u201d AND",
     nullptr, "expected a term after AND at column 21"},
    {"only_negated", "NOT podcast", nullptr,
     "query would match items containing none of its terms (add a term outside NOT) at column 1"},
    {"negated_alternative", "Russia OR NOT podcast", nullptr,
     "query would match items containing none of its terms (add a term outside NOT) at column 1"},
    {"double_negated_exclusion", "NOT NOT NOT podcast", nullptr,
     "query would match items containing none of its terms (add a term outside NOT) at column 1"},
    // Search-engine habits: -word excludes, word* is a prefix.
    {"minus_excludes_word", "Russia -Moscow", "(AND Russia (NOT Moscow))"},
    {"minus_excludes_phrase", "Russia -\"Kim Jong\"", "(AND Russia (NOT \"Kim Jong\"))"},
    {"minus_excludes_group", "Russia -(Moscow OR Kursk)", "(AND Russia (NOT (OR Moscow Kursk)))"},
    {"minus_binds_tighter_than_or", "a OR b -c", "(OR a (AND b (NOT c)))"},
    {"minus_after_open_parenthesis", "(Russia -Moscow) OR Kursk", "(OR (AND Russia (NOT Moscow)) Kursk)"},
    {"minus_excludes_alias", "Russia -DPRK", "(AND Russia (NOT \"North Korea\"))"},
    {"hyphen_inside_word_is_not_minus", "Russia Kim-Jong", "(AND Russia \"Kim-Jong\")"},
    {"minus_only", "-Moscow", nullptr,
     "query would match items containing none of its terms (add a term outside NOT) at column 1"},
    {"minus_before_operator", "Russia -OR Kursk", nullptr, "expected a term after - at column 9"},
    {"prefix_term", "Kurs*", "Kurs*"},
    {"prefix_term_in_and", "Russia Kurs*", "(AND Russia Kurs*)"},
    {"prefix_of_alias_form_is_not_expanded", "DPRK*", "DPRK*"},
    {"excluded_prefix", "Russia -Kurs*", "(AND Russia (NOT Kurs*))"},
    {"star_alone", "Russia *", nullptr, "term '*' has no letters or digits at column 8"},
    {"star_inside_word", "Russia Ku*rsk", nullptr, "'*' may only end a word (a prefix, like Kurs*) at column 8"},
};

class QueryParseTest : public testing::TestWithParam<ParseCase> {};

TEST_P(QueryParseTest, BuildsTreeOrReportsErrorWithColumn) {
  const auto& c = GetParam();
  auto query = Query::parse(c.query, k_aliases);
  if (c.tree) {
    ASSERT_TRUE(query.has_value()) << query.error().message;
    EXPECT_EQ(query->to_string(), c.tree);
  } else {
    ASSERT_FALSE(query.has_value()) << query->to_string();
    EXPECT_EQ(query.error().kind, ErrorKind::parse);
    EXPECT_EQ(query.error().message, c.error);
  }
}

INSTANTIATE_TEST_SUITE_P(Query, QueryParseTest, testing::ValuesIn(k_parse_cases),
                         [](const auto& info) { return std::string(info.param.name); });

using Matched = std::optional<std::vector<std::string>>;

struct MatchCase {
  const char* name;
  const char* query;
  const char* title;
  const char* summary;
  Matched expected;
};

// Test names carry the row name; this keeps ctest's listing readable too.
void PrintTo(const MatchCase& c, std::ostream* os) {
  *os << c.name;
}

const Matched k_no_match = std::nullopt;

// Titles and summaries from the North Korea Journal seed (tests/fixtures/seeds/000_*.txt)
// unless the row name says otherwise.
const MatchCase k_match_cases[] = {
    {"phrase_matches_hyphenated_name", "\"Kim Jong Un\"", "Kim Jong-un did not attend the mausoleum visit", "",
     Matched{{"Kim Jong Un"}}},
    {"term_matches_before_apostrophe", "Russia", "Russia\u2019s rapidly expanding military production", "",
     Matched{{"Russia"}}},
    {"term_does_not_match_longer_word", "Russia", "Chief of the Russian General Staff", "", k_no_match},
    {"alias_form_matches_alias_name", "DPRK", "North Korea Slams Israel's Intent to Annex Palestinian Territories", "",
     Matched{{"North Korea"}}},
    {"alias_form_matches_other_form", "DPRK", "", "according to Moscow's ambassador to Pyongyang",
     Matched{{"North Korea"}}},
    {"alias_name_matches_abbreviated_form", "\"North Korea\"",
     "N. Korea\u2019s President Misses Grandfather's Birth Anniversary Visit for Third Consecutive Year", "",
     Matched{{"North Korea"}}},
    {"query_is_case_insensitive", "russia", "RUSSIA PRAISES", "", Matched{{"russia"}}},
    {"summary_is_searched", "Kursk", "Moscow praises", "(MENAFN) repelling Ukrainian forces from the Kursk Region",
     Matched{{"Kursk"}}},
    {"wire_prefix_is_not_text", "MENAFN", "Moscow praises", "(MENAFN) Russia has expressed gratitude", k_no_match},
    {"phrase_does_not_span_title_and_summary", "\"Korea Russia\"", "Trump Eyes Renewed Approach with North Korea",
     "Russia said", k_no_match},
    {"or_reports_every_matching_side", "Russia OR Kursk", "Russia Praises North Korea for Role in Kursk", "",
     Matched{{"Russia", "Kursk"}}},
    {"matched_in_query_order", "Kursk OR Russia", "Russia Praises North Korea for Role in Kursk", "",
     Matched{{"Kursk", "Russia"}}},
    {"matched_deduplicated", "Russia OR (Russia AND Kursk)", "Russia Praises North Korea for Role in Kursk", "",
     Matched{{"Russia", "Kursk"}}},
    {"failed_branch_not_reported", "Kursk OR (Russia AND Gaza)", "Russia Praises North Korea for Role in Kursk", "",
     Matched{{"Kursk"}}},
    {"negated_term_not_reported", "Russia NOT podcast", "Russia Praises North Korea for Role in Kursk", "",
     Matched{{"Russia"}}},
    {"negated_term_blocks", "Russia NOT Kursk", "Russia Praises North Korea for Role in Kursk", "", k_no_match},
    {"double_negation_is_reported", "NOT NOT Kursk", "Russia Praises North Korea for Role in Kursk", "",
     Matched{{"Kursk"}}},
    {"term_under_two_nots_is_reported", "NOT (Gaza OR NOT Kursk)", "Russia Praises North Korea for Role in Kursk", "",
     Matched{{"Kursk"}}},
    {"term_under_two_nots_blocked", "NOT (Kursk OR NOT Russia)", "Russia Praises North Korea for Role in Kursk", "",
     k_no_match},
    {"double_negated_failed_branch_not_reported", "Russia OR NOT (Kursk OR NOT Korea)",
     "Russia Praises North Korea for Role in Kursk", "", Matched{{"Russia"}}},
    {"negated_and_reports_double_negated_side", "Russia NOT (Gaza AND NOT Kursk)",
     "Russia Praises North Korea for Role in Kursk", "", Matched{{"Russia", "Kursk"}}},
    {"lower_case_and_is_a_term", "russia and kursk", "Russia and Kursk", "", Matched{{"russia", "and", "kursk"}}},
    {"minus_word_excludes", "Russia -Moscow", "Moscow praises Russia", "", k_no_match},
    {"minus_word_absent_matches", "Russia -Moscow", "Russia Praises North Korea for Role in Kursk", "",
     Matched{{"Russia"}}},
    {"minus_phrase_excludes", "Korea -\"Kim Jong Un\"", "Kim Jong-un visits Korea", "", k_no_match},
    {"minus_phrase_needs_whole_phrase", "Korea -\"Kim Jong Un\"", "Kim Yo Jong visits Korea", "", Matched{{"Korea"}}},
    {"prefix_matches_longer_word", "Kurs*", "Russia Praises North Korea for Role in Kursk", "", Matched{{"Kurs*"}}},
    {"prefix_matches_whole_word", "Kursk*", "Kursk Region", "", Matched{{"Kursk*"}}},
    {"prefix_is_case_insensitive", "kurs*", "KURSK REGION", "", Matched{{"kurs*"}}},
    {"prefix_matches_only_word_starts", "ursk*", "Kursk Region", "", k_no_match},
    {"prefix_ends_a_phrase", "N-Kor*", "Moscow praises N-Korean \u2018solidarity\u2019", "", Matched{{"N-Kor*"}}},
    {"prefix_cyrillic", "\u041a\u0443\u0440\u0441*", "\u041a\u0443\u0440\u0441\u043a", "",
     Matched{{"\u041a\u0443\u0440\u0441*"}}},
    {"prefix_excluded", "Russia -Kurs*", "Russia Praises North Korea for Role in Kursk", "", k_no_match},
    {"design_example_kremlin", k_design_query, "Kremlin declares Russia would assist in defending N-Korea",
     "(MENAFN) Russia will support North Korea militarily if necessary, Kremlin spokesperson Dmitry Peskov "
     "confirmed on Monday",
     Matched{{"North Korea", "Russia"}}},
    {"design_example_moscow_kursk", k_design_query,
     "Moscow praises N-Korean \u2018solidarity\u2019 in Kursk Area liberation",
     "(MENAFN) Russia has expressed gratitude for North Korea\u2019s support in repelling Ukrainian forces from the "
     "Kursk Region",
     Matched{{"North Korea", "Russia", "Kursk"}}},
    {"design_example_praises", k_design_query, "Russia Praises North Korea for Role in Kursk",
     "(MENAFN) Valery Gerasimov, the Chief of the Russian General Staff, has acknowledged the significant "
     "contribution made by North Korean soldiers",
     Matched{{"North Korea", "Russia", "Kursk"}}},
    {"design_example_bridge", k_design_query, "Russia, North Korea unveil border bridge construction project",
     "(MENAFN) Russia and North Korea are poised to begin construction of a road bridge",
     Matched{{"North Korea", "Russia"}}},
    {"design_example_no_russia", k_design_query, "North Korea Condemns Israel\u2019s Military Operations in Gaza",
     "(MENAFN) North Korea has strongly criticized Israel", k_no_match},
    {"design_example_no_korea", k_design_query, "Russia secures ammunition production race over NATO",
     "(MENAFN) NATO Secretary-General Mark Rutte has raised concerns over Russia\u2019s rapidly expanding military "
     "production",
     k_no_match},
    {"design_example_synthetic_podcast", k_design_query, "Podcast: Russia Praises North Korea for Role in Kursk", "",
     k_no_match},
};

class QueryMatchTest : public testing::TestWithParam<MatchCase> {};

TEST_P(QueryMatchTest, ReportsMatchedTermsOrNoMatch) {
  const auto& c = GetParam();
  auto query = Query::parse(c.query, k_aliases);
  ASSERT_TRUE(query.has_value()) << query.error().message;
  EXPECT_EQ(query->match(c.title, c.summary), c.expected);
}

INSTANTIATE_TEST_SUITE_P(Query, QueryMatchTest, testing::ValuesIn(k_match_cases),
                         [](const auto& info) { return std::string(info.param.name); });

struct WarningCase {
  const char* name;
  const char* query;
  std::vector<std::string> warnings;  ///< QueryWarning::to_string(), in column order
};

// Test names carry the row name; this keeps ctest's listing readable too.
void PrintTo(const WarningCase& c, std::ostream* os) {
  *os << c.name;
}

std::string did_you_mean(const char* typed, const char* op, int column) {
  return std::string("'") + typed + "' is searched as a word, not as an operator: did you mean " + op +
         "? (quote it to search the word) at column " + std::to_string(column);
}

const WarningCase k_warning_cases[] = {
    {"lower_or_between_words", "Russia or Moscow", {did_you_mean("or", "OR", 8)}},
    {"lower_and_between_words", "russia and kursk", {did_you_mean("and", "AND", 8)}},
    {"lower_not_before_word", "Russia not podcast", {did_you_mean("not", "NOT", 8)}},
    {"lower_not_at_start", "not podcast Russia", {did_you_mean("not", "NOT", 1)}},
    {"capitalised_or", "Russia Or Moscow", {did_you_mean("Or", "OR", 8)}},
    {"or_between_phrase_and_group", "\"Kim Jong Un\" or (Russia)", {did_you_mean("or", "OR", 15)}},
    {"or_before_exclusion", "Russia or -Moscow", {did_you_mean("or", "OR", 8)}},
    {"one_per_operator_word", "a or b and c", {did_you_mean("or", "OR", 3), did_you_mean("and", "AND", 8)}},
    {"upper_case_operators", "Russia OR Moscow NOT podcast", {}},
    {"quoted_or", "Russia \"or\" Moscow", {}},
    {"or_inside_phrase", "\"rock or roll\"", {}},
    {"or_at_end", "Russia or", {}},
    {"or_at_start", "or Russia", {}},
    {"word_containing_or", "Russia order", {}},
};

class QueryWarningTest : public testing::TestWithParam<WarningCase> {};

TEST_P(QueryWarningTest, WarnsWithColumnWhereLowerCaseOperatorIsAWord) {
  const auto& c = GetParam();
  auto query = Query::parse(c.query, k_aliases);
  ASSERT_TRUE(query.has_value()) << query.error().message;
  std::vector<std::string> got;
  for (const auto& warning : query->warnings()) got.push_back(warning.to_string());
  EXPECT_EQ(got, c.warnings);
}

INSTANTIATE_TEST_SUITE_P(Query, QueryWarningTest, testing::ValuesIn(k_warning_cases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Query, WithoutAliases_PhraseStillMatchesHyphenatedForm) {
  auto query = Query::parse("\"Kim Jong Un\"");
  ASSERT_TRUE(query.has_value());
  EXPECT_EQ(query->match("Kim Jong-un inspects", ""), Matched{{"Kim Jong Un"}});
  EXPECT_EQ(query->match("Kim Jong-il inspects", ""), k_no_match);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
