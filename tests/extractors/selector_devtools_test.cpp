// Selectors as browser devtools copy them: structural pseudo-classes, :not(),
// :has(), sibling combinators, |= and the ` i` flag; one row per case. Work is
// bounded by compound tests, never by time.

#include <gtest/gtest.h>

#include <string>

#include "extractors/html.h"
#include "extractors/selector.h"

using namespace newswatch;

namespace {
namespace NEWSWATCH_FILE_ID {

const char* const k_page = R"(<html><body>
<ul id=list>
  <li class=a>1</li><li class=b lang=en-GB>2</li><li class=a>3</li><li class=c data-k=NEWS>4</li><li>5</li>
</ul>
<dl><dt>T1</dt><dd>S1</dd><dt>T2</dt><dd>S2</dd><dd>S2b</dd></dl>
<div class=card><h2><a href=/x>X</a></h2></div><div class=card><p>no heading</p></div>
<section><span>s1</span><p>p1</p><span>s2</span><p>p2</p></section>
</body></html>)";

std::string joined(const Selector& s, const GumboNode* scope) {
  std::string out;
  for (const GumboNode* n : s.select(scope)) out += (out.empty() ? "" : ",") + text(n);
  return out;
}

std::string repeat(std::string_view unit, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

TEST(SelectorDevtools, MatchesTable) {
  struct Row {
    const char* selector;
    const char* texts;
  } rows[] = {
      {"li:first-child", "1"},
      {"li:last-child", "5"},
      {"li:nth-child(2)", "2"},
      {"li:nth-child(odd)", "1,3,5"},
      {"li:nth-child(2n)", "2,4"},
      {"li:nth-child(-n+2)", "1,2"},
      {"#list > li:nth-child(3n+1)", "1,4"},
      {"section p:nth-of-type(2)", "p2"},
      {"section span:nth-of-type(1)", "s1"},
      {"li:not(.a)", "2,4,5"},
      {"li:not(.a, .b)", "4,5"},
      {"li:not([class])", "5"},
      {"div.card:has(h2) a", "X"},
      {"div:has(> h2 > a[href])", "X"},
      {"div.card:not(:has(h2))", "no heading"},
      {"dt:has(+ dd + dd)", "T2"},
      {"dt + dd", "S1,S2"},
      {"dt ~ dd", "S1,S2,S2b"},
      {"dd + dd", "S2b"},
      {"li.a + li", "2,4"},
      {"li.b ~ li.a", "3"},
      {"li[lang|=en]", "2"},
      {"li[lang|=en-gb i]", "2"},
      {"li[data-k=news i]", "4"},
      {"li[data-k=news]", ""},
      {"li[data-k$=WS]", "4"},
      {"li[data-k*=ew i]", "4"},
      {"span:only-child", ""},
      {"h2:only-child", "X"},
  };
  auto doc = HtmlDocument::parse(k_page);
  ASSERT_TRUE(doc);
  for (const Row& r : rows) {
    auto s = Selector::compile(r.selector);
    ASSERT_TRUE(s) << r.selector << ": " << s.error().message;
    EXPECT_EQ(joined(*s, doc->root()), r.texts) << r.selector;
    for (const GumboNode* n : s->select(doc->root())) EXPECT_TRUE(s->matches(n, doc->root())) << r.selector;
  }
}

TEST(SelectorDevtools, UnsupportedFeaturesAreNamedWithTheirColumn) {
  struct Row {
    const char* selector;
    const char* message;
  } rows[] = {
      {"a:hover", "column 2: pseudo-class :hover is not supported"},
      {"li:nth-last-child(2)", "column 3: pseudo-class :nth-last-child() is not supported"},
      {"p::before", "column 2: pseudo-element ::before is not supported"},
      {"li:not(:not(.a))", "column 8: pseudo-class :not() cannot nest"},
      {"div:has(p:has(a))", "column 10: pseudo-class :has() cannot nest"},
      {"li:nth-child(x)", "column 14: expected an+b, odd or even"},
      {"li:not(.a b)", "expected ')'"},
  };
  for (const Row& r : rows) {
    auto s = Selector::compile(r.selector);
    ASSERT_FALSE(s) << r.selector;
    EXPECT_NE(s.error().message.find(r.message), std::string::npos) << r.selector << " -> " << s.error().message;
  }
}

TEST(SelectorDevtools, RelativeSelectorsReachSiblingsUpToTheStop) {
  auto doc = HtmlDocument::parse("<dl><dt>T1<dd><p>S1</p><dd>S1b<dt>T2<dd>S2</dl>");
  ASSERT_TRUE(doc);
  auto dt = Selector::compile("dt")->select_first(doc->root());
  ASSERT_NE(dt, nullptr);
  auto is_dt = [](const GumboNode* n) { return tag(n) == GUMBO_TAG_DT; };
  struct Row {
    const char* selector;
    const char* texts;
  } rows[] = {{"+ dd", "S1"}, {"+ dd > p", "S1"}, {"~ dd", "S1,S1b"}, {"+ dd + dd", "S1b"}, {"p", ""}};
  for (const Row& r : rows) {
    auto s = Selector::compile_relative(r.selector);
    ASSERT_TRUE(s) << r.selector << ": " << s.error().message;
    std::string got;
    for (const GumboNode* n : s->select_relative(dt, nullptr, is_dt)) got += (got.empty() ? "" : ",") + text(n);
    EXPECT_EQ(got, r.texts) << r.selector;
  }
  EXPECT_TRUE(Selector::compile("dt")->select_relative(dt).empty());  // not a relative selector
}

TEST(SelectorDevtools, SiblingCombinatorsStayLinearOverAWideParent) {
  const std::size_t n = 20000;
  auto doc = HtmlDocument::parse("<div>" + repeat("<p class=x>a</p>", n) + "</div>");
  ASSERT_TRUE(doc);
  auto s = Selector::compile("p ~ p ~ p + p:nth-child(odd):not(.y)");
  ASSERT_TRUE(s);
  Selector::MatchStats stats;
  EXPECT_EQ(s->select(doc->root(), &stats).size(), n / 2 - 2);  // p5, p7, ...
  EXPECT_LT(stats.compound_tests, 6 * (n + 10));                // at most one test per part per element
}

TEST(SelectorDevtools, HasOverDeepNestingIsCappedNotQuadratic) {
  const std::size_t depth = 500;
  auto doc = HtmlDocument::parse(repeat("<div>", depth) + "<a>x</a>");
  ASSERT_TRUE(doc);
  auto s = Selector::compile("div:has(a)");
  ASSERT_TRUE(s);
  Selector::MatchStats stats;
  EXPECT_EQ(s->select(doc->root(), &stats).size(), depth);
  EXPECT_FALSE(stats.has_capped);
  EXPECT_LT(stats.compound_tests, depth * (depth + 10) * 2);

  // Many siblings each asking :has(~ ...) hit the budget instead of running n^2.
  const std::size_t wide = 3000;
  auto flat = HtmlDocument::parse("<div>" + repeat("<p>a</p>", wide) + "</div>");
  auto sib = Selector::compile("p:has(~ span)");
  Selector::MatchStats capped;
  EXPECT_TRUE(sib->select(flat->root(), &capped).empty());
  EXPECT_TRUE(capped.has_capped);
  EXPECT_LT(capped.compound_tests, Selector::k_has_budget + 4 * wide);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
