// The feed extractor on real captured feeds (tests/fixtures/feeds/, each with the
// entries feedparser reads from it in <file>.expected.json): one case per feed,
// comparing every entry's link, title, published instant and whether it has a
// summary; then authors and tags on entries read by hand from the XML.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "extractors/extractor.h"
#include "extractors/feed_dates.h"
#include "tests/support/files.h"

using namespace newswatch;
using newswatch::test::fixture_path;
using newswatch::test::read_file;

namespace {
namespace NEWSWATCH_FILE_ID {

std::vector<Item> extract_feed(const std::string& bytes, std::string_view url, ExtractReport* report = nullptr,
                               std::optional<std::int64_t> now = std::nullopt) {
  auto extractor = make_extractor("feed");
  EXPECT_TRUE(extractor);
  ExtractOptions options;
  options.dates.now = now;
  auto items = (*extractor)->extract_with(bytes, url, options, report);
  EXPECT_TRUE(items) << (items ? "" : items.error().message);
  return items ? *items : std::vector<Item>{};
}

// "2015-07-02T22:18:09Z" (the oracle's UTC form) as unix seconds.
std::optional<std::int64_t> expected_instant(const nlohmann::json& value) {
  if (value.is_null()) return std::nullopt;
  std::string iso = value.get<std::string>();
  if (iso.ends_with("Z")) iso = iso.substr(0, iso.size() - 1) + "+00:00";
  return iso_to_unix(iso);
}

class RealFeed : public ::testing::TestWithParam<std::string> {};

TEST_P(RealFeed, EveryEntryHasTheOraclesLinkTitleDateAndSummary) {
  const std::string file = GetParam();
  const auto oracle = nlohmann::json::parse(read_file(fixture_path("feeds/" + file + ".expected.json")));
  const std::string feed_url =
      oracle["base_url"].is_string() ? oracle["base_url"].get<std::string>() : "https://feeds.example.org/" + file;
  ExtractReport report;
  const std::vector<Item> items = extract_feed(read_file(fixture_path("feeds/" + file)), feed_url, &report);
  // An exact repeat of an entry (same id and link) is one item.
  std::vector<nlohmann::json> expected;
  for (const auto& e : oracle["entries"]) {
    bool repeat = false;
    for (const auto& seen : expected) repeat |= seen["id"] == e["id"] && seen["link"] == e["link"];
    if (!repeat) expected.push_back(e);
  }
  ASSERT_EQ(items.size(), expected.size());
  EXPECT_EQ(report.identity, "") << "every real fixture's links are usable";
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& want = expected[i];
    const Item& got = items[i];
    // FeedBurner's redirect is not the article: its origLink is.
    const std::string link = want.value("orig_link", want["link"].get<std::string>());
    EXPECT_EQ(got.url, link) << file << " entry " << i;
    EXPECT_EQ(got.title, want["title"].get<std::string>()) << file << " entry " << i;
    ASSERT_TRUE(got.published || want["published"].is_null()) << file << " entry " << i;
    if (got.published) {
      EXPECT_EQ(iso_to_unix(*got.published), expected_instant(want["published"])) << *got.published;
    }
    EXPECT_EQ(!got.summary.empty(), want["summary_present"].get<bool>()) << file << " entry " << i;
    EXPECT_LE(got.summary.size(), 1003u);
  }
}

INSTANTIATE_TEST_SUITE_P(Fixtures, RealFeed,
                         ::testing::Values("guardian-us-2018.rss", "techcrunch.xml", "dailymail-news-2015.xml",
                                           "xakep-cp1251.xml", "tpm-2017.atom", "slashdot-latin1.rdf"),
                         [](const auto& info) {
                           std::string name;
                           for (char c : info.param) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

TEST(FeedFields, GuardianAuthorsAndCategoriesBecomeAuthorsAndTags) {
  auto items =
      extract_feed(read_file(fixture_path("feeds/guardian-us-2018.rss")), "https://www.theguardian.com/us/rss");
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0].authors, std::vector<std::string>{"David Smith in Washington"});
  ASSERT_GE(items[0].tags.size(), 3u);
  EXPECT_EQ(items[0].tags[0], "Donald Trump");
  EXPECT_EQ(items[0].tags[1], "State of the Union address");
  EXPECT_EQ(items[0].published, "2018-01-31T07:26:05+00:00");
  EXPECT_EQ(items[0].summary.find('<'), std::string::npos) << "summary is text, not markup: " << items[0].summary;
  EXPECT_TRUE(items[0].summary.starts_with("The president\u2019s \u2018new American moment\u2019")) << items[0].summary;
}

TEST(FeedFields, TechCrunchCdataCategoriesAndDcCreator) {
  auto items = extract_feed(read_file(fixture_path("feeds/techcrunch.xml")), "http://feeds.feedburner.com/TechCrunch");
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0].authors, std::vector<std::string>{"Leena Rao"});
  ASSERT_GE(items[0].tags.size(), 2u);
  EXPECT_EQ(items[0].tags[0], "TC");
}

TEST(FeedFields, AtomAuthorNamesAndRelativeLinksAgainstTheFeedUrl) {
  auto items = extract_feed(read_file(fixture_path("feeds/tpm-2017.atom")), "http://talkingpointsmemo.com/feed/x");
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0].authors, std::vector<std::string>{"Esme Cribb"});
  EXPECT_EQ(
      items[0].url,
      "http://talkingpointsmemo.com/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist");
  EXPECT_EQ(items[0].published, "2017-11-08T18:15:58-05:00");
  // &amp;#8220; in escaped HTML is a curly quote once both layers are decoded.
  EXPECT_NE(items[0].summary.find("\u201cJoining us now"), std::string::npos) << items[0].summary;
}

TEST(FeedFields, XakepWindows1251TitlesAndAuthorsReadRight) {
  auto items = extract_feed(read_file(fixture_path("feeds/xakep-cp1251.xml")), "http://www.xakep.ru/articles/rss/");
  ASSERT_FALSE(items.empty());
  EXPECT_EQ(items[0].title, "Руководители разведки США шутят об убийстве Сноудена");
  EXPECT_EQ(items[0].authors, std::vector<std::string>{"know how (news)"});
  EXPECT_EQ(items[0].tags, std::vector<std::string>{"Новости"});
  EXPECT_EQ(items[0].published, "2013-10-04T02:34:59+03:00");
}

TEST(FeedFields, TrackingParametersStayInTheLinkButNotTheKey) {
  auto items =
      extract_feed(read_file(fixture_path("feeds/slashdot-latin1.rdf")), "https://rss.slashdot.org/Slashdot/slashdot");
  ASSERT_FALSE(items.empty());
  EXPECT_NE(items[0].url.find("utm_source"), std::string::npos);
  EXPECT_EQ(items[0].key.find("utm_source"), std::string::npos) << items[0].key;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
