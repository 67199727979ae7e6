// JSON Feed 1.0 and 1.1 read by the feed extractor: the hand-made feeds of tests/fixtures/feeds/handmade/
// (see its README), and hostile or wrong JSON, which must fail with a reason and never crash.

#include <gtest/gtest.h>

#include "extractors/extractor.h"
#include "extractors/feed_json.h"
#include "tests/support/files.h"

using namespace newswatch;
using newswatch::test::fixture_path;
using newswatch::test::read_file;

namespace {
namespace NEWSWATCH_FILE_ID {

Result<std::vector<Item>> read_feed(std::string_view bytes, std::string_view url, ExtractReport* report = nullptr) {
  auto extractor = make_extractor("feed");
  EXPECT_TRUE(extractor);
  ExtractOptions options;
  options.dates.now = 1'800'000'000;  // after every date in the fixtures: none is clamped
  return (*extractor)->extract_with(bytes, url, options, report);
}

std::vector<Item> handmade(const std::string& name, std::string_view url) {
  auto items = read_feed(read_file(fixture_path("feeds/handmade/" + name)), url);
  EXPECT_TRUE(items) << name << ": " << (items ? "" : items.error().message);
  return items ? *items : std::vector<Item>{};
}

TEST(JsonFeed, Version11_EveryFieldAsTheOtherFeedsGiveIt) {
  const auto items = handmade("jsonfeed-1.1.json", "https://harborgazette.example/feed.json");
  ASSERT_EQ(items.size(), 4u);
  const Item& first = items[0];
  EXPECT_EQ(first.url, "https://harborgazette.example/news/2024/03/04/harbor-dredging-begins-next-week/");
  EXPECT_EQ(first.title, "Harbor dredging begins next week after two years of delay");
  EXPECT_EQ(first.summary, "The port authority confirmed the schedule on Monday.");  // summary before content
  EXPECT_EQ(first.published, "2024-03-04T09:00:00+01:00");
  EXPECT_EQ(first.authors, (std::vector<std::string>{"Mara Lindqvist", "Tom O’Neill"}));
  EXPECT_EQ(first.tags, (std::vector<std::string>{"Port", "Infrastructure"}));

  // A relative url resolves against the feed; content_text is the summary when there is none.
  EXPECT_EQ(items[1].url, "https://harborgazette.example/news/2024/03/03/lighthouse-restoration-fund-reaches-goal/");
  EXPECT_EQ(items[1].summary, "Donations came from forty countries, the trust said. The work starts in May.");
  // Only external_url: that is the link; content_html becomes text.
  EXPECT_EQ(items[2].url, "https://ferries.example/timetable/summer-2024");
  EXPECT_EQ(items[2].summary, "The operator has published the new timetable & fares.");
  // No title (a micro-post): kept, with its text as the summary.
  EXPECT_EQ(items[3].url, "https://harborgazette.example/news/2024/03/01/storm-damage-repairs-on-coast-road/");
  EXPECT_NE(items[3].summary.find("Storm damage repairs"), std::string::npos);
}

TEST(JsonFeed, Version10_NumericIdsAndTheSingleAuthorObject) {
  const auto items = handmade("jsonfeed-1.0.json", "https://ferrynotes.example/feed.json");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].title, "The night crossing returns");
  EXPECT_EQ(items[0].summary, "From June, the night crossing is back.");
  EXPECT_EQ(items[0].published, "2024-03-05T21:00:00-05:00");
  EXPECT_EQ(items[0].authors, std::vector<std::string>{"Ines Duarte"});
  EXPECT_EQ(items[0].tags, std::vector<std::string>{"ferries"});
  EXPECT_EQ(items[1].summary, "Two weeks early, because of the mild weather.");
  EXPECT_TRUE(items[1].authors.empty());
}

TEST(JsonFeed, NotAJsonFeed_FailsSayingWhy) {
  struct Case {
    const char* what;
    std::string json;
    const char* message;
  };
  const Case cases[] = {
      {"broken JSON", "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [", "not valid JSON"},
      {"other JSON", "{\"data\": [1, 2, 3]}", "jsonfeed.org"},
      {"no items", "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"x\"}", "\"items\""},
      {"hostile nesting",
       "{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [" + std::string(100000, '[') +
           std::string(100000, ']') + "]}",
       "nests deeper"},
  };
  for (const Case& c : cases) {
    auto items = read_feed(c.json, "https://x.example/feed.json");
    ASSERT_FALSE(items) << c.what;
    EXPECT_NE(items.error().message.find(c.message), std::string::npos) << c.what << ": " << items.error().message;
  }
}

TEST(JsonFeed, ItemsThatAreNotObjects_AreSkipped_AndXmlFeedsAreNotTakenForJson) {
  auto items = read_feed(
      "  {\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[1,\"x\",null,"
      "{\"id\":\"a\",\"url\":\"https://x.example/a\",\"title\":\"A real one\"}]}",
      "https://x.example/feed.json");
  ASSERT_TRUE(items) << items.error().message;
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].title, "A real one");
  EXPECT_TRUE(looks_like_json(" \n{\"version\": 1}"));
  EXPECT_FALSE(looks_like_json("<?xml version=\"1.0\"?><rss/>"));
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
