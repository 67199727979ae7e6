// Table-driven unit tests: selectors, dates, URL canonicalisation, text
// helpers, hostile input, and the css extractor from a SelectorConfig.

#include <gtest/gtest.h>

#include "extractors/dates.h"
#include "extractors/extractor.h"
#include "extractors/html.h"
#include "extractors/selector.h"
#include "extractors/url.h"

using namespace newswatch;

namespace {
namespace NEWSWATCH_FILE_ID {

constexpr const char* k_page = R"(<html><body>
<div id="main" class="list  wide">
  <article class="card pro"><h2><a class="t" href="https://x.org/2021/06/a/">A</a></h2><p class="ex">pa</p></article>
  <article class="card"><h3><a href="/pro/b/" data-k="v w">B</a></h3><span><a href="#">C</a></span></article>
</div>
<p id="tail">T</p>
</body></html>)";

std::string joined(const Selector& s, const GumboNode* scope) {
  std::string out;
  for (const GumboNode* n : s.select(scope)) out += (out.empty() ? "" : ",") + text(n);
  return out;
}

TEST(Selector, MatchesTable) {
  struct Row {
    const char* selector;
    const char* texts;
  } rows[] = {
      {"h2", "A"},
      {"a", "A,B,C"},
      {"*.card > h3 a", "B"},
      {".card.pro a", "A"},
      {"#main p", "pa"},
      {"#tail", "T"},
      {"a[href]", "A,B,C"},
      {"a[href='/pro/b/']", "B"},
      {"a[href=\"/pro/b/\"]", "B"},
      {"a[href^=https]", "A"},
      {"a[href^='/pro/']", "B"},
      {"a[href*=2021]", "A"},
      {"a[href$='/b/']", "B"},
      {"a[data-k~=w]", "B"},
      {"div > article > h2 > a.t[href^=https]", "A"},
      {"div > a", ""},
      {"article span a, h2 a", "A,C"},
      {"ARTICLE H2", "A"},
      {".wide .ex", "pa"},
      {".lis", ""},
  };
  auto doc = HtmlDocument::parse(k_page);
  ASSERT_TRUE(doc);
  for (const Row& r : rows) {
    auto s = Selector::compile(r.selector);
    ASSERT_TRUE(s) << r.selector << ": " << s.error().message;
    EXPECT_EQ(joined(*s, doc->root()), r.texts) << r.selector;
  }
}

TEST(Selector, ScopesAncestorsToTheSelectedFromNode) {
  auto doc = HtmlDocument::parse(k_page);
  ASSERT_TRUE(doc);
  auto card = Selector::compile("article");
  auto inner = Selector::compile("div a");
  auto first = card->select_first(doc->root());
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(joined(*inner, doc->root()), "A,B,C");
  EXPECT_EQ(joined(*inner, first), "");  // the div is outside the card
}

TEST(Selector, ParseErrorsNameTheColumn) {
  struct Row {
    const char* selector;
    const char* column;
  } rows[] = {{"", "column 1"},     {"a[href", "column 7"},     {"a[href=]", "column 8"},
              {"a..b", "column 3"}, {"a >", "column 4"},        {"a[href%=x]", "column 7"},
              {"h2, ", "column 5"}, {"a[href='x]", "column 8"}, {"a!b", "column 2"}};
  for (const Row& r : rows) {
    auto s = Selector::compile(r.selector);
    ASSERT_FALSE(s) << r.selector;
    EXPECT_EQ(s.error().kind, ErrorKind::config);
    EXPECT_NE(s.error().message.find(r.column), std::string::npos) << r.selector << " -> " << s.error().message;
  }
}

TEST(Dates, ParsesEveryShapeOfSeedsAndFixtures) {
  struct Row {
    const char* text;
    const char* offset;
    std::optional<std::string> want;
  } rows[] = {
      {"June 18, 2021", "+00:00", "2021-06-18"},
      {"May 9, 2020", "+00:00", "2020-05-09"},
      {"March 09, 2025", "+00:00", "2025-03-09"},
      {"Mar 09, 2025", "+00:00", "2025-03-09"},
      {"Jan. 16, 2025", "+00:00", "2025-01-16"},
      {"Sept. 3, 2024", "+00:00", "2024-09-03"},
      {"2025-08-13", "+00:00", "2025-08-13"},
      {"13 Aug. 2025, 14:42", "+09:00", "2025-08-13T14:42:00+09:00"},
      {"  October 31, 2019 ", "+00:00", "2019-10-31"},
      {"2019-11-01T03:27:09+00:00", "+09:00", "2019-11-01T03:27:09+00:00"},
      {"2025-08-13T05:42:00Z", "+09:00", "2025-08-13T05:42:00+00:00"},
      {"2025-08-13T14:42:00.123+0900", "+00:00", "2025-08-13T14:42:00+09:00"},
      {"2025-08-13 14:42", "+09:00", "2025-08-13T14:42:00+09:00"},
      {"Aug 13, 2025 2:42 PM", "+00:00", "2025-08-13T14:42:00+00:00"},
      {"Aug 13, 2025, 2:42 pm", "+00:00", "2025-08-13T14:42:00+00:00"},
      {"Aug 13, 2025 12:05 AM", "+00:00", "2025-08-13T00:05:00+00:00"},
      {"Aug 13, 2025 12:05 p.m.", "+00:00", "2025-08-13T12:05:00+00:00"},
      {"Aug 13, 2025 9:05 A.M.", "+00:00", "2025-08-13T09:05:00+00:00"},
      {"Aug 13, 2025 14:05 PM", "+00:00", std::nullopt},
      {"February 30, 2021", "+00:00", std::nullopt},
      {"Jan. 20", "+00:00", std::nullopt},
      {"Smarch 3, 2020", "+00:00", std::nullopt},
      {"2025-13-01", "+00:00", std::nullopt},
      {"June 18, 2021 and more", "+00:00", std::nullopt},
      {"", "+00:00", std::nullopt},
  };
  for (const Row& r : rows) EXPECT_EQ(parse_date(r.text, r.offset), r.want) << r.text;
}

TEST(Dates, FindsTheFirstDateInRunningText) {
  EXPECT_EQ(find_date(", May 29, 2020"), "2020-05-29");
  EXPECT_EQ(find_date("Published: 13 Aug. 2025, 14:42", "+09:00"), "2025-08-13T14:42:00+09:00");
  EXPECT_EQ(find_date("Colin Zwirko June 18, 2021"), "2021-06-18");
  EXPECT_EQ(find_date("MENAFN - Aug 13, 2025 2:42 PM by X"), "2025-08-13T14:42:00+00:00");
  EXPECT_EQ(find_date("Aug 13, 2025 2:42 amid talks"), "2025-08-13T02:42:00+00:00");
  EXPECT_EQ(find_date("final day as ambassador on Jan. 20"), std::nullopt);
  EXPECT_EQ(find_date("Kim Il Sung Square on the evening of Jan. 10"), std::nullopt);
}

TEST(Url, CanonicalisesTable) {
  struct Row {
    const char* ref;
    const char* base;
    std::optional<std::string> want;
  } rows[] = {
      {"https://www.nknews.org/2021/06/a/", "", "https://www.nknews.org/2021/06/a/"},
      {"http://WWW.NKNews.org/2021/06/a/", "", "https://www.nknews.org/2021/06/a/"},
      {"HTTPS://www.nknews.org:443/x#frag", "", "https://www.nknews.org/x"},
      {"http://example.org:80", "", "https://example.org/"},
      {"https://example.org:8443/a", "", "https://example.org:8443/a"},
      {"/2021/06/b/", "https://www.nknews.org/category/news/", "https://www.nknews.org/2021/06/b/"},
      {"../c/", "https://www.nknews.org/category/news/", "https://www.nknews.org/category/c/"},
      {"d?utm_source=x&utm_medium=y", "https://a.org/b/", "https://a.org/b/d"},
      {"/e?id=7&fbclid=z&gclid=1&_ga=2&mc_cid=3&mc_eid=4&dclid=5&msclkid=6", "https://a.org/", "https://a.org/e?id=7"},
      {"/f?", "https://a.org/", "https://a.org/f"},
      {"//cdn.a.org/g", "https://a.org/", "https://cdn.a.org/g"},
      {"  https://a.org/h  ", "", "https://a.org/h"},
      {"/ref?ref=keep", "https://a.org/", "https://a.org/ref?ref=keep"},
      {"mailto:x@a.org", "https://a.org/", std::nullopt},
      {"javascript:void(0)", "https://a.org/", std::nullopt},
      {"ftp://a.org/file", "", std::nullopt},
      {"/relative-without-base", "", std::nullopt},
      {"", "https://a.org/", std::nullopt},
      {"/news/\xEB\xB6\x81\xED\x95\x9C/1", "https://a.org/", "https://a.org/news/%EB%B6%81%ED%95%9C/1"},
      {"https://a.org/caf\xC3\xA9", "", "https://a.org/caf%C3%A9"},
      {"/s?q=a b", "https://a.org/", "https://a.org/s?q=a%20b"},
      {"/x|y[1]\"z\"", "https://a.org/", "https://a.org/x%7Cy%5B1%5D%22z%22"},
      {"/already%20encoded%C3%A9", "https://a.org/", "https://a.org/already%20encoded%C3%A9"},
      {"https://h:80/x", "", "https://h/x"},
      {"http://h:443/x", "", "https://h/x"},
      {"http://h:8080/x", "", "https://h:8080/x"},
      {"/t?UTM_Source=x&FBCLID=y&id=1", "https://a.org/", "https://a.org/t?id=1"},
  };
  for (const Row& r : rows) EXPECT_EQ(canonical_url(r.ref, r.base), r.want) << r.ref;
  EXPECT_EQ(url_host("https://WWW.NKNews.org/x"), "www.nknews.org");
  EXPECT_EQ(url_host("not a url"), "");
}

TEST(Text, DecodesCollapsesTrimsAndRepairsUtf8) {
  struct Row {
    const char* html;
    const char* want;
  } rows[] = {
      {"<p>  Kim &amp; Putin&nbsp;talk  </p>", "Kim & Putin talk"},
      {"<p>a<br>b</p>", "a b"},
      {"<p>x<script>var y=1;</script><style>p{}</style>z</p>", "xz"},
      {"<p>&#8216;quoted&#8217; &lt;b&gt;</p>", "‘quoted’ <b>"},
      {"<p>line\n\t  two</p>", "line two"},
      {"<p>bad \xff\xfe byte</p>", "bad \xEF\xBF\xBD\xEF\xBF\xBD byte"},
      {"<p>cut \xE2\x82</p>", "cut \xEF\xBF\xBD"},
  };
  for (const Row& r : rows) {
    auto doc = HtmlDocument::parse(r.html);
    ASSERT_TRUE(doc) << r.html;
    auto p = Selector::compile("p")->select_first(doc->root());
    EXPECT_EQ(text(p), r.want) << r.html;
  }
  EXPECT_EQ(clean_text("\xC0\xAF ok"), "\xEF\xBF\xBD\xEF\xBF\xBD ok");  // overlong '/'
}

TEST(Malformed, HostileInputNeverCrashes) {
  std::string deep;
  for (int i = 0; i < 3000; ++i) deep += "<div><span><h2><a href='/2021/06/x/'>";
  std::string junk;
  for (int i = 0; i < 100000; ++i) junk += static_cast<char>((i * 7919) % 255 + 1);
  const std::string inputs[] = {"",
                                "<",
                                "<html><body><h2><a href='https://www.nknews.org/2021/06/a/'>unclosed",
                                "<table><tr><td><h2><a href=x>",
                                deep,
                                junk,
                                std::string("\0\x1f\x8b binary", 10)};
  for (std::string_view name : extractor_names()) {
    SelectorConfig sel{"div", "a", "a @href", "", "", "", ""};
    auto ex = make_extractor(name, sel);
    ASSERT_TRUE(ex) << name;
    for (const std::string& in : inputs) {
      auto items = (*ex)->extract(in, "https://www.nknews.org/");
      if (!items) {
        EXPECT_EQ(items.error().kind, ErrorKind::parse);
      }
    }
  }
  auto nk = make_extractor("nknews");
  auto binary = (*nk)->extract(std::string("\x1f\x8b\x08\0\0\0", 6), "");
  ASSERT_FALSE(binary);
  EXPECT_EQ(binary.error().kind, ErrorKind::parse);
}

TEST(CssExtractor, ValidatesSelectorsWithFieldAndColumn) {
  EXPECT_EQ(validate_selectors({"article", "h2 a", "h2 a @href", "", "", "", ""}), std::nullopt);
  auto missing = validate_selectors({"article", "", "h2 a @href", "", "", "", ""});
  ASSERT_TRUE(missing);
  EXPECT_NE(missing->find("title"), std::string::npos);
  auto bad = validate_selectors({"article", "h2 a", "h2 a[href @href", "", "", "", ""});
  ASSERT_TRUE(bad);
  EXPECT_NE(bad->find("selectors.link"), std::string::npos) << *bad;
  EXPECT_NE(bad->find("column"), std::string::npos) << *bad;
}

TEST(CssExtractor, ReadsTextAttributesAndSplitsBylines) {
  SelectorConfig sel{"li.row", "b", "@data-url", "i", "time @datetime", ".by", ".tag"};
  auto ex = make_extractor("css", sel);
  ASSERT_TRUE(ex);
  auto items = (*ex)->extract(
      "<ul><li class=row data-url='/n/1'><b>One</b><i>sum</i><time datetime='2025-01-16'></time>"
      "<span class=by>A | B</span><span class=tag>x</span><span class=tag>y</span></li>"
      "<li class=row><b>No link</b></li></ul>",
      "https://site.example/list/");
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ(to_json_line((*items)[0]),
            R"({"site":"","url":"https://site.example/n/1","title":"One","summary":"sum","authors":["A","B"],)"
            R"("published":"2025-01-16","tags":["x","y"]})");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
