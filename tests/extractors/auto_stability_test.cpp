// A few cards more or less between two crawls must not change which group auto
// takes for the listing, nor the items of the cards that stayed (hand-made pages:
// tests/fixtures/auto/ and tests/fixtures/listings/handmade/).

#include <gtest/gtest.h>

#include <map>

#include "extractors/auto_cards.h"
#include "extractors/extractor.h"
#include "tests/support/files.h"

using namespace newswatch;

namespace {
namespace NEWSWATCH_FILE_ID {

constexpr std::string_view k_page_url = "https://harborherald.example/";

std::string page(const std::string& relative) {
  return test::read_file(test::fixture_path(relative));
}

std::string chosen_signature(const std::string& html) {
  auto doc = HtmlDocument::parse(html);
  EXPECT_TRUE(doc);
  CardAnalysis a = analyse_cards(*doc, k_page_url, {});
  EXPECT_GE(a.best, 0);
  return a.best < 0 ? "" : a.groups[static_cast<std::size_t>(a.best)].signature;
}

std::map<std::string, std::string> items_by_url(const std::string& html) {
  auto ex = make_extractor("auto");
  auto items = (*ex)->extract(html, k_page_url);
  EXPECT_TRUE(items);
  std::map<std::string, std::string> out;
  for (const Item& item : *items) out[item.url] = to_json_line(item);
  return out;
}

TEST(AutoStability, TwoCardsRemovedOrAdded_SameGroupChosen_OtherItemsUnchanged) {
  std::string base = page("auto/harbor-herald-home.html");
  std::string minus = page("listings/handmade/harbor-herald-minus-two.html");
  std::string plus = page("listings/handmade/harbor-herald-plus-two.html");
  std::string chosen = chosen_signature(base);
  EXPECT_NE(chosen.find("article"), std::string::npos) << chosen;
  EXPECT_EQ(chosen_signature(minus), chosen);
  EXPECT_EQ(chosen_signature(plus), chosen);

  auto before = items_by_url(base), fewer = items_by_url(minus), more = items_by_url(plus);
  EXPECT_EQ(fewer.size(), before.size() - 2);
  EXPECT_EQ(more.size(), before.size() + 2);
  for (const auto& [url, item] : fewer) EXPECT_EQ(before.at(url), item) << url;
  for (const auto& [url, item] : before) EXPECT_EQ(more.at(url), item) << url;
}

TEST(AutoStability, MainListingOnly_NoNavRailFooterSectionAuthorOrPagerLinks) {
  auto items = items_by_url(page("auto/harbor-herald-home.html"));
  ASSERT_EQ(items.size(), 9u);  // the lead story and the river's 8 cards
  for (const auto& [url, item] : items) {
    EXPECT_EQ(url.find("/category/"), std::string::npos) << url;
    EXPECT_EQ(url.find("/author/"), std::string::npos) << url;
    EXPECT_EQ(url.find("/page/"), std::string::npos) << url;
    EXPECT_EQ(url.find("mayor-announces"), std::string::npos) << "most-read rail: " << url;
    EXPECT_EQ(url.find("mega-menu"), std::string::npos) << "navigation: " << url;
    EXPECT_EQ(url.find("how-we-report"), std::string::npos) << "footer: " << url;
  }
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
