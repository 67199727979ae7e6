#include "alerts/query.h"

#include <gtest/gtest.h>

#include <string>

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

std::string nested_parentheses(std::size_t depth) {
  return repeat("(", depth) + "Russia" + repeat(")", depth);
}

TEST(QueryLimits, DeepParentheses_RejectedWithColumnOfFirstTooDeep) {
  auto query = Query::parse(nested_parentheses(6600));
  ASSERT_FALSE(query.has_value());
  EXPECT_EQ(query.error().kind, ErrorKind::parse);
  EXPECT_EQ(query.error().message, "query nests deeper than 64 levels (parentheses, NOT, -) at column 65");
}

TEST(QueryLimits, LongNotChain_RejectedWithColumnOfFirstTooDeep) {
  auto query = Query::parse("Russia " + repeat("NOT ", 21000) + "Kursk");
  ASSERT_FALSE(query.has_value());
  EXPECT_EQ(query.error().message,
            "query nests deeper than 64 levels (parentheses, NOT, -) at column " + std::to_string(8 + 64 * 4));
}

TEST(QueryLimits, NestingAtTheLimit_IsAccepted) {
  auto parens = Query::parse(nested_parentheses(Query::k_max_depth));
  ASSERT_TRUE(parens.has_value()) << parens.error().message;
  EXPECT_EQ(parens->match("Russia", ""), (std::optional<std::vector<std::string>>{{"Russia"}}));
  auto nots = Query::parse("Russia " + repeat("NOT ", Query::k_max_depth) + "Kursk");
  ASSERT_TRUE(nots.has_value()) << nots.error().message;
  EXPECT_TRUE(nots->match("Russia Kursk", "").has_value());  // 64 NOTs cancel out
}

TEST(QueryLimits, NotsInsideParentheses_CountTowardOneDepth) {
  std::string query = "Russia " + repeat("(NOT ", 33) + "Kursk" + repeat(")", 33);
  auto parsed = Query::parse(query);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().message,
            "query nests deeper than 64 levels (parentheses, NOT, -) at column " +
                std::to_string(8 + 32 * 5));  // the 33rd "("
}

// A flat chain is one level however long: it must neither recurse per operator nor hit the depth limit.
TEST(QueryLimits, LongAndOrChains_ParseFlatAndMatch) {
  std::string ors = "w0";
  std::string ands = "w0";
  for (int i = 1; i < 20000; ++i) {
    ors += " OR w" + std::to_string(i);
    ands += " AND w" + std::to_string(i % 2);
  }
  auto any = Query::parse(ors);
  ASSERT_TRUE(any.has_value()) << any.error().message;
  EXPECT_EQ(any->match("about w19999", ""), (std::optional<std::vector<std::string>>{{"w19999"}}));
  auto all = Query::parse(ands);
  ASSERT_TRUE(all.has_value()) << all.error().message;
  EXPECT_EQ(all->match("w1 w0", ""), (std::optional<std::vector<std::string>>{{"w0", "w1"}}));
}

struct AliasWork {
  std::size_t compile = 0;  ///< indexing the aliases and parsing the query
  std::size_t match = 0;
};

// One alias with `forms` two-word forms; a query ORing 100 of them, matched against an item naming one.
AliasWork alias_work(std::size_t forms) {
  Aliases aliases;
  auto& list = aliases["North Korea"];
  for (std::size_t i = 0; i < forms; ++i) list.push_back("form" + std::to_string(i) + " korea");
  std::string query;
  for (std::size_t t = 0; t < 100; ++t) {
    query += (t ? " OR \"form" : "\"form") + std::to_string(t * 7 % forms) + " korea\"";
  }
  AliasWork work;
  WorkCount compile;
  AliasIndex index(aliases, &compile);
  auto parsed = Query::parse(query, index, &compile);
  EXPECT_TRUE(parsed.has_value());
  if (!parsed) return work;
  WorkCount match;
  auto matched = parsed->match(MatchText::from("Officials of form5 korea met Pyongyang envoys", ""), &match);
  EXPECT_EQ(matched, (std::optional<std::vector<std::string>>{{"North Korea"}}));
  return {compile.steps, match.steps};
}

TEST(QueryLimits, AliasWithManyForms_CompilesInLinearWorkAndMatchesIndependentlyOfFormCount) {
  AliasWork small = alias_work(1000);
  AliasWork large = alias_work(10000);
  ASSERT_GT(small.compile, 0u);
  RecordProperty("compile_steps_1000_forms", std::to_string(small.compile));
  RecordProperty("compile_steps_10000_forms", std::to_string(large.compile));
  RecordProperty("match_steps_10000_forms", std::to_string(large.match));
  EXPECT_LE(large.compile, 20 * small.compile);  // 10x the forms: linear ~10x, quadratic ~100x
  EXPECT_LE(large.compile, 10 * 10000u + 10 * 100u);
  EXPECT_LE(large.match, 2 * small.match);  // a trie walk per text token, whatever the number of forms
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
