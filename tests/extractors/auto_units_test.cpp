// The parts of the auto extractor, one row per case: article URL shapes, the page's
// own structured data (JSON-LD, microdata), rails, and the pinned selectors, which
// must make the css extractor find what auto found.

#include <gtest/gtest.h>

#include "extractors/auto.h"
#include "extractors/auto_cards.h"
#include "extractors/auto_jsonld.h"
#include "extractors/auto_selectors.h"
#include "extractors/auto_urls.h"
#include "extractors/css.h"
#include "extractors/extractor.h"
#include "tests/support/files.h"

using namespace newswatch;

TEST(AutoUrls, ShapesOfArticlesAndOfEverythingElse) {
  struct Row {
    const char* url;
    bool article;
  };
  const Row rows[] = {
      {"https://news.example/2020/06/05/kim-visits-factory/", true},
      {"https://news.example/article/2020/6/912852", true},
      {"https://news.example/1100234567/Kim-Visits-Factory", true},
      {"https://news.example/news/2020/07/ec4d302bbdce-olympics-keep-venues.html", true},
      {"https://news.example/usa/white-house-defends-trump-on-briefing", true},
      {"https://www.news.example/world/story-12345678", true},
      {"https://english.news.example/world/kim-visits-a-new-factory", true},
      {"https://news.example/", false},
      {"https://news.example/category/world/", false},
      {"https://news.example/tag/north-korea-missile-tests/", false},
      {"https://news.example/author/jane-doe-smith-jones/", false},
      {"https://news.example/page/2/", false},
      {"https://news.example/search?q=kim", false},
      {"https://news.example/world/", false},
      {"https://news.example/2020/06/", false},
      {"https://news.example/about-us/", false},
      {"https://news.example/images/2020/06/kim-visits-factory-big.jpg", false},
      {"https://other.example/2020/06/05/kim-visits-factory/", false},
      {"https://news.example/world?page=2", false},
  };
  for (const Row& row : rows)
    EXPECT_EQ(article_url_shape(row.url, "https://news.example/").score() > 0, row.article) << row.url;
}

TEST(AutoUrls, SameSiteByRegistrableDomain) {
  EXPECT_TRUE(same_site("english.kyodonews.net", "www.kyodonews.net"));
  EXPECT_TRUE(same_site("news.bbc.co.uk", "www.bbc.co.uk"));
  EXPECT_FALSE(same_site("evil.co.uk", "www.bbc.co.uk"));
  EXPECT_FALSE(same_site("a.example", "b.example"));
}

TEST(AutoStructured, JsonLdItemListIsTheListing) {
  const std::string html = R"(<html><head><script type="application/ld+json">
  {"@context":"https://schema.org","@type":"ItemList","itemListElement":[
   {"@type":"ListItem","position":1,"url":"https://n.example/2024/01/02/first-story-of-the-day/","name":"First story of the day"},
   {"@type":"ListItem","position":2,"item":{"@type":"NewsArticle","url":"/2024/01/02/second-story-here/",
     "headline":"Second story here","datePublished":"2024-01-02T10:00:00+00:00","author":{"@type":"Person","name":"Ann"}}},
   {"@type":"ListItem","position":3,"url":"https://n.example/tag/politics/","name":"Politics"},
   {"@type":"ListItem","position":4,"url":"https://n.example/2024/01/01/third-story-is-older/","name":"Third story is older"}]}
  </script></head><body><p>No cards at all.</p></body></html>)";
  auto items = (*make_extractor("auto"))->extract(html, "https://n.example/");
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 3u);
  EXPECT_EQ((*items)[0].title, "First story of the day");
  EXPECT_EQ((*items)[1].url, "https://n.example/2024/01/02/second-story-here/");
  EXPECT_EQ((*items)[1].published, "2024-01-02T10:00:00+00:00");
  EXPECT_EQ((*items)[1].authors, std::vector<std::string>{"Ann"});
}

TEST(AutoStructured, MicrodataArticlesWithTheirOwnProps) {
  std::string html = "<html><body>";
  for (int i = 1; i <= 3; ++i)
    html += "<div itemscope itemtype='https://schema.org/NewsArticle'><a itemprop='url' href='/2024/01/0" +
            std::to_string(i) + "/story-number-" + std::to_string(i) + "-of-three/'><span itemprop='headline'>Story " +
            std::to_string(i) +
            "</span></a><span itemprop='author' itemscope itemtype='https://schema.org/Person'>"
            "<span itemprop='name'>Bo</span></span><time itemprop='datePublished' datetime='2024-01-0" +
            std::to_string(i) + "'>x</time></div>";
  auto doc = HtmlDocument::parse(html + "</body></html>");
  StructuredListing s = structured_listing(*doc, "https://n.example/", {});
  EXPECT_EQ(s.source, "microdata");
  ASSERT_EQ(s.items.size(), 3u);
  EXPECT_EQ(s.items[2].title, "Story 3");  // not the author's name
  EXPECT_EQ(s.items[2].published, "2024-01-03");
  EXPECT_EQ(s.items[0].authors, std::vector<std::string>{"Bo"});
}

TEST(AutoStructured, DeeplyNestedJsonLdIsRefusedNotRecursed) {
  std::string html = "<script type='application/ld+json'>" + std::string(100000, '[') + "</script>";
  auto items = (*make_extractor("auto"))->extract(html, "https://n.example/");
  ASSERT_TRUE(items);
  EXPECT_TRUE(items->empty());
}

TEST(AutoCards, RailByHeadingIsLeftOutEvenInsideMain) {
  std::string html = "<html><body><main><div class='list'>";
  for (int i = 0; i < 4; ++i)
    html += "<div class='c'><h3><a href='/2024/02/0" + std::to_string(i + 1) + "/main-story-number-" +
            std::to_string(i) + "/'>Main listing story number " + std::to_string(i) + "</a></h3></div>";
  html += "</div><div class='box'><h4>Most popular</h4><ul>";
  for (int i = 0; i < 5; ++i)
    html += "<li><a href='/2023/12/0" + std::to_string(i + 1) + "/popular-old-story-" + std::to_string(i) +
            "/'>A popular old story number " + std::to_string(i) + "</a></li>";
  html += "</ul></div></main></body></html>";
  auto items = (*make_extractor("auto"))->extract(html, "https://n.example/");
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 4u);
  for (const Item& item : *items) EXPECT_EQ(item.url.find("popular"), std::string::npos) << item.url;
}

TEST(AutoSelectors, PinnedSelectorsGiveTheCssExtractorTheSameItems) {
  const std::string html = test::read_file(test::fixture_path("auto/harbor-herald-home.html"));
  const std::string url = "https://harborherald.example/";
  auto doc = HtmlDocument::parse(html);
  SelectorConfig pinned = pinned_selectors(*doc, analyse_cards(*doc, url, {}));
  auto css = make_css_extractor(pinned);
  ASSERT_TRUE(css) << css.error().message << "\n" << selectors_toml(pinned);
  auto by_css = (*css)->extract(html, url);
  auto by_auto = (*make_extractor("auto"))->extract(html, url);
  ASSERT_TRUE(by_css && by_auto);
  ASSERT_EQ(by_css->size(), by_auto->size()) << selectors_toml(pinned);
  for (std::size_t i = 0; i < by_css->size(); ++i) {
    EXPECT_EQ((*by_css)[i].url, (*by_auto)[i].url);
    EXPECT_EQ((*by_css)[i].title, (*by_auto)[i].title);
    EXPECT_EQ((*by_css)[i].summary, (*by_auto)[i].summary);
    EXPECT_EQ((*by_css)[i].published, (*by_auto)[i].published);
  }
}

TEST(AutoExplain, SaysWhichGroupWonWhyAndWhatToPin) {
  const std::string html = test::read_file(test::fixture_path("auto/harbor-herald-home.html"));
  auto text = explain_auto(html, "https://harborherald.example/", {});
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("Chosen group"), std::string::npos) << *text;
  EXPECT_NE(text->find("section.river > article"), std::string::npos) << *text;
  EXPECT_NE(text->find("a rail: "), std::string::npos) << *text;
  EXPECT_NE(text->find("[site.selectors]\nitem = "), std::string::npos) << *text;
}
