// The explanation of a match (alerts/match_explain.h): the words each term
// found, as written, and the value of every part of the query for why-not.

#include "alerts/match_explain.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

const Aliases k_aliases = {
    {"North Korea", {"DPRK", "N. Korea", "N-Korea", "North Korean", "Pyongyang"}},
    {"Kim Jong Un", {"Kim Jong-un", "Kim Jong Un"}},
};

Query parse(const char* text) {
  auto query = Query::parse(text, k_aliases);
  EXPECT_TRUE(query.has_value()) << text << ": " << query.error().message;
  return std::move(*query);
}

/// Each matched term as `TERM ← WORDS`, the way `newswatch match` prints it.
std::vector<std::string> hit_words(const char* query_text, std::string_view title, std::string_view summary = "") {
  Query query = parse(query_text);
  auto explanation = explain_match(query, title, summary);
  std::vector<std::string> out;
  for (const TermWords& term : matched_words(query, explanation))
    out.push_back(term.term + " ← " + describe_words(term.words));
  return out;
}

std::vector<std::string> why_not(const char* query_text, std::string_view title, std::string_view summary = "") {
  Query query = parse(query_text);
  return why_not_lines(query, explain_match(query, title, summary));
}

using Lines = std::vector<std::string>;

TEST(MatchExplain, AliasHit_ShowsTheTextsOwnForm_WithItsPossessive) {
  EXPECT_EQ(hit_words("\"North Korea\" Russia", "Pyongyang\u2019s envoy thanks Russia's army"),
            (Lines{"\"North Korea\" ← Pyongyang\u2019s (alias) in title", "Russia ← Russia's in title"}));
}

TEST(MatchExplain, AliasNameItself_IsNotMarkedAlias) {
  EXPECT_EQ(hit_words("DPRK", "North Korea fires a missile"), (Lines{"\"North Korea\" ← North Korea in title"}));
}

TEST(MatchExplain, Prefix_ShowsTheWholeWordItBegan) {
  EXPECT_EQ(hit_words("Kurs*", "Fighting in the Kursk region", "Kurskaya oblast, Kursk again"),
            (Lines{"Kurs* ← Kursk in title; Kurskaya, Kursk in summary"}));
}

TEST(MatchExplain, PhraseAcrossAHyphen_ShowsTheWrittenWords) {
  EXPECT_EQ(hit_words("\"Kim Jong Un\"", "Kim Jong-un's speech"), (Lines{"\"Kim Jong Un\" ← Kim Jong-un's in title"}));
}

TEST(MatchExplain, Summary_IsReadWithoutItsWirePrefix) {
  EXPECT_EQ(hit_words("Pyongyang", "Talks", "(MENAFN - KCNA) Pyongyang said"),
            (Lines{"\"North Korea\" ← Pyongyang (alias) in summary"}));
}

TEST(MatchExplain, HanPhrase_ShowsItsCharacters) {
  EXPECT_EQ(hit_words("\"\u5e73\u58cc\"", "\u5e73\u58cc\u306e\u767a\u8868"),
            (Lines{"\"\u5e73\u58cc\" ← \u5e73\u58cc in title"}));
}

TEST(MatchExplain, OnlyTheTermsThatMadeItMatch_AreShown_AsAnAlertNamesThem) {
  // `Moscow` is found, but its branch failed: Query::match does not report it, nor does the explanation.
  EXPECT_EQ(hit_words("(Moscow Kursk) OR Russia", "Moscow and Russia"), (Lines{"Russia ← Russia in title"}));
}

TEST(MatchExplain, RepeatedWord_IsListedOnce_AndAtMostFivePerField) {
  EXPECT_EQ(hit_words("Kurs*", "Kursk Kursk Kursk"), (Lines{"Kurs* ← Kursk in title"}));
  auto lines = hit_words("Kurs*", "Kursa Kursb Kursc Kursd Kurse Kursf Kursg");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "Kurs* ← Kursa, Kursb, Kursc, Kursd, Kurse in title");
}

TEST(MatchExplain, NoMatch_HasNoMatchedWords) {
  EXPECT_TRUE(hit_words("Russia Kursk", "Russia alone").empty());
}

TEST(MatchExplainWhyNot, EachAndBranch_IsMarked_AndAnExcludedWordIsNamed) {
  EXPECT_EQ(why_not("\"North Korea\" AND (Russia OR Kursk) NOT podcast", "North Korean podcast on Moscow"),
            (Lines{
                "✓ \"North Korea\" ← North Korean (alias) in title",
                "✗ (Russia OR Kursk)",
                "  ✗ Russia: not in title, summary or body",
                "  ✗ Kursk: not in title, summary or body",
                "✗ NOT podcast: excluded word 'podcast' found in title",
            }));
}

TEST(MatchExplainWhyNot, ExcludedWordInBothFields_NamesEach) {
  EXPECT_EQ(why_not("Russia -Moscow", "Russia and Moscow", "Moscow\u2019s view"),
            (Lines{"✓ Russia ← Russia in title",
                   "✗ NOT Moscow: excluded word 'Moscow' found in title, 'Moscow\u2019s' in summary"}));
}

TEST(MatchExplainWhyNot, NegatedGroup_MarksWhichOfItsWordsWasFound) {
  EXPECT_EQ(why_not("Russia NOT (Moscow OR Kremlin)", "Russia and the Kremlin"),
            (Lines{
                "✓ Russia ← Russia in title",
                "✗ NOT (Moscow OR Kremlin)",
                "  ✓ Moscow: not in title, summary or body",
                "  ✗ Kremlin: excluded word 'Kremlin' found in title",
            }));
}

TEST(MatchExplainWhyNot, AbsentExcludedWord_Holds) {
  EXPECT_EQ(why_not("Russia -podcast", "Russia"),
            (Lines{"✓ Russia ← Russia in title", "✓ NOT podcast: not in title, summary or body"}));
}

TEST(MatchExplainWhyNot, TopLevelOr_IsOneGroup) {
  EXPECT_EQ(why_not("Russia OR Kursk", "Seoul"), (Lines{
                                                     "✗ (Russia OR Kursk)",
                                                     "  ✗ Russia: not in title, summary or body",
                                                     "  ✗ Kursk: not in title, summary or body",
                                                 }));
}

/// Title lines each followed by a "(MENAFN) ..." summary line, from every seed listing.
std::vector<std::pair<std::string, std::string>> seed_items() {
  std::vector<std::pair<std::string, std::string>> items;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(NEWSWATCH_TEST_FIXTURES) + "/seeds")) {
    std::ifstream in(entry.path());
    std::string previous, line;
    while (std::getline(in, line)) {
      if (line.starts_with("(MENAFN)") && !previous.empty()) items.emplace_back(previous, line);
      if (!line.empty()) previous = line;
    }
  }
  return items;
}

// The explanation's tree and words must agree with the Matcher on real text: the root's value is the verdict,
// and a term has words exactly when its forms are found.
TEST(MatchExplain, AgreesWithQueryMatch_OnTheSeedListings) {
  const char* queries[] = {
      "\"North Korea\" AND (Russia OR Kursk) NOT podcast", "Kim* OR (Lee -Seoul)",
      "\"Kim Jong Un\" NOT (missile OR Moscow)",           "NOT NOT Russia -Ukraine",
      "(a OR Korea*) (South NOT (North AND Russia))",
  };
  auto items = seed_items();
  ASSERT_GE(items.size(), 20u) << "seed listings not found or not parsed";
  int matches = 0;
  for (const char* text : queries) {
    Query query = parse(text);
    for (const auto& [title, summary] : items) {
      auto explanation = explain_match(query, title, summary);
      auto matched = query.match(title, summary);
      ASSERT_EQ(explanation.root.value, matched.has_value()) << text << " on " << title;
      ASSERT_EQ(explanation.matches, matched.has_value());
      MatchText tokens = MatchText::from(title, summary);
      for (std::size_t i = 0; i < query.terms().size(); ++i) {
        const FormSet& forms = *query.terms()[i].forms;
        bool found = forms.found_in(tokens.title) || forms.found_in(tokens.summary);
        ASSERT_EQ(!explanation.found[i].empty(), found) << text << ": term " << i << " on " << title;
      }
      if (matched) {
        ++matches;
        EXPECT_EQ(matched_words(query, explanation).size(), matched->size()) << text << " on " << title;
      }
    }
  }
  EXPECT_GT(matches, 10) << "the table should exercise hits too";
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
