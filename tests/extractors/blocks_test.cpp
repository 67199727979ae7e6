// Card finding on small hand-made pages, one row per reviewed layout: menus,
// links beside other text, archive links, header dates, "NK PRO" labels and
// "*title*" classes.

#include <gtest/gtest.h>

#include "extractors/extractor.h"

using namespace newswatch;

namespace {
namespace NEWSWATCH_FILE_ID {

struct Row {
  const char* name;
  const char* extractor;
  const char* html;
  std::vector<std::string> want;  // to_json_line of every item, in order
};

std::vector<std::string> lines(const char* extractor, const char* html) {
  auto ex = make_extractor(extractor);
  EXPECT_TRUE(ex) << extractor;
  if (!ex) return {};
  auto items = (*ex)->extract(html, default_page_url(extractor));
  EXPECT_TRUE(items);
  std::vector<std::string> out;
  for (const Item& item : items ? *items : std::vector<Item>{}) out.push_back(to_json_line(item));
  return out;
}

std::string nk(const char* url, const char* title, const char* published = "", const char* tags = "") {
  return std::string(R"({"site":"","url":")") + url + R"(","title":")" + title +
         R"(","summary":"","authors":[],"published":)" + (*published ? std::string("\"") + published + "\"" : "null") +
         R"(,"tags":[)" + tags + "]}";
}

TEST(Blocks, CardLayoutsTable) {
  const Row rows[] = {
      {"menu_word_on_body_class_is_not_a_menu",
       "nknews",
       R"(<html><body class="home has-mega-menu"><div><h2><a href="/2021/06/a/">A</a></h2></div></body></html>)",
       {nk("https://www.nknews.org/2021/06/a/", "A")}},
      {"menu_container_is_still_skipped",
       "nknews",
       R"(<html><body><ul class="sub-menu"><li><a href="/2021/06/a/">A</a></li></ul>
          <div id="main-menu"><a href="/2021/06/b/">B</a></div></body></html>)",
       {}},
      {"title_link_beside_date_and_excerpt",
       "menafn",
       R"(<html><body><ul><li><a href="https://menafn.com/1109876543/X">X</a> <span>Aug 13, 2025</span>)"
       R"(<p>(MENAFN) Text</p></li></ul></body></html>)",
       {R"({"site":"","url":"https://menafn.com/1109876543/X","title":"X","summary":"(MENAFN) Text","authors":[],)"
        R"("published":"2025-08-13","tags":[]})"}},
      {"inline_link_in_prose_is_not_an_item",
       "menafn",
       R"(<html><body><div><span>See <a href="https://menafn.com/1109876543/X">X</a></span></div>)"
       R"(<p>Also <a href="https://menafn.com/1109876544/Y">Y</a> here</p></body></html>)",
       {}},
      {"archive_links_are_not_articles",
       "menafn",
       R"(<html><body><ul><li><a href="/2025/08/">August 2025</a></li>)"
       R"(<li><a href="/1109876543/X">X</a></li></ul></body></html>)",
       {R"({"site":"","url":"https://menafn.com/1109876543/X","title":"X","summary":"","authors":[],)"
        R"("published":null,"tags":[]})"}},
      {"header_date_before_first_card_is_not_its_date",
       "nknews",
       R"(<html><body><div><span>June 30, 2021</span><h2><a href="/2021/06/a/">A</a></h2><span>June 18, 2021</span>)"
       R"(<h2><a href="/2021/06/b/">B</a></h2><span>June 17, 2021</span></div></body></html>)",
       {nk("https://www.nknews.org/2021/06/a/", "A", "2021-06-18"),
        nk("https://www.nknews.org/2021/06/b/", "B", "2021-06-17")}},
      {"header_date_is_used_when_card_has_none_after",
       "nknews",
       R"(<html><body><div><span>June 30, 2021</span><h2><a href="/2021/06/a/">A</a></h2></div></body></html>)",
       {nk("https://www.nknews.org/2021/06/a/", "A", "2021-06-30")}},
      {"pro_label_belongs_to_the_next_card",
       "nknews",
       R"(<html><body><div><h2><a href="/2021/06/a/">A</a></h2><span>NK PRO</span>)"
       R"(<h2><a href="/2021/06/b/">B</a></h2></div></body></html>)",
       {nk("https://www.nknews.org/2021/06/a/", "A"), nk("https://www.nknews.org/2021/06/b/", "B", "", R"("NK PRO")")}},
      {"subtitle_and_category_title_lose_to_the_title",
       "joongang",
       R"(<html><body><ul><li><a href="https://koreajoongangdaily.joins.com/news/2025-08-13/national/northKorea/slug/2345">)"
       R"(<span class="category-title">North Korea</span><span class="subtitle">Sub</span>)"
       R"(<span class="mid-article-title3">Real title</span></a></li></ul></body></html>)",
       {}},
  };
  for (const Row& r : rows) {
    std::vector<std::string> got = lines(r.extractor, r.html);
    if (std::string(r.name) == "subtitle_and_category_title_lose_to_the_title") {
      ASSERT_EQ(got.size(), 1u) << r.name;
      EXPECT_NE(got[0].find(R"("title":"Real title")"), std::string::npos) << r.name << "\n" << got[0];
      continue;
    }
    EXPECT_EQ(got, r.want) << r.name;
  }
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
