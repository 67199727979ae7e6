// The feed extractor on broken and hostile feeds: the hand-made files of
// tests/fixtures/feeds/handmade/ (see its README) and generated ones (deep
// nesting, a 10 MB feed). Breakage must still yield the items; hostility
// must cost bounded work and say which bound it hit.

#include <gtest/gtest.h>

#include <fmt/format.h>

#include "extractors/extractor.h"
#include "extractors/feed.h"
#include "extractors/feed_parse.h"
#include "extractors/feed_text.h"
#include "tests/support/files.h"

using namespace newswatch;
using newswatch::test::fixture_path;
using newswatch::test::read_file;

namespace {
namespace NEWSWATCH_FILE_ID {

Result<std::vector<Item>> run_feed(std::string_view bytes, ExtractReport* report = nullptr,
                                   std::string_view url = "https://feeds.example/feed.xml") {
  auto extractor = make_extractor("feed");
  EXPECT_TRUE(extractor);
  return (*extractor)->extract_with(bytes, url, ExtractOptions{}, report);
}

std::vector<Item> handmade(const std::string& name, ExtractReport* report = nullptr) {
  auto items = run_feed(read_file(fixture_path("feeds/handmade/" + name)), report);
  EXPECT_TRUE(items) << name << ": " << (items ? "" : items.error().message);
  return items ? *items : std::vector<Item>{};
}

std::string repeat(std::string_view unit, std::size_t times) {
  std::string out;
  out.reserve(unit.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += unit;
  return out;
}

TEST(FeedMessy, UnescapedAmpersandsHtmlEntitiesAndControlCharacters_StillYieldEveryItem) {
  auto items = handmade("broken-text.rss");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].title, "Tom & Jerry return \u2014 AT&T\u2019s caf\u00e9");
  EXPECT_EQ(items[0].url, "https://broken.example/a?id=1&page=2");
  EXPECT_EQ(items[0].summary, "Bell and vertical tab, \u00a9 2024 & more");
}

TEST(FeedMessy, HtmlInTitlesAndCdataDescriptions_BecomesText) {
  auto items = handmade("broken-text.rss");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].title, "Bold italic and <escaped>");
  EXPECT_EQ(items[1].summary, "CDATA with HTML & a bare ampersand");
}

TEST(FeedMessy, Latin1BytesWithoutADeclaration_ReadAsLatin1) {
  auto items = handmade("latin1-undeclared.rss");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].title, "Cr\u00e8me br\u00fbl\u00e9e \u00e0 la fran\u00e7aise");
}

TEST(FeedMessy, Utf8BytesUnderAWrongDeclaration_ReadAsUtf8) {
  auto items = handmade("utf8-declared-cp1251.rss");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].title, "Новости дня: ещё");
}

TEST(FeedMessy, TranscodedFeedWhoseDeclarationStillNamesItsOldEncoding_IsNotDecodedTwice) {
  // The crawler hands extractors UTF-8; the windows-1251 declaration inside is then stale.
  const std::string utf8 = feed_to_utf8(read_file(fixture_path("feeds/xakep-cp1251.xml")));
  ASSERT_EQ(xml_declared_encoding(utf8), "windows-1251");
  auto items = run_feed(utf8);
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 25u);
  EXPECT_EQ((*items)[0].title, "Руководители разведки США шутят об убийстве Сноудена");
}

TEST(FeedMessy, Utf16WithAByteOrderMark_IsRead) {
  // é is U+00E9: one UTF-16LE unit, E9 00.
  std::string utf16 = "\xFF\xFE";
  for (char32_t c : std::u32string(
           U"<rss><channel><item><title>été</title><link>https://u16.example/a</link></item></channel></rss>"))
    utf16 += static_cast<char>(c & 0xFF), utf16 += static_cast<char>(c >> 8);
  auto items = run_feed(utf16);
  ASSERT_TRUE(items) << items.error().message;
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].title, "\u00e9t\u00e9");
}

TEST(FeedMessy, XmlBaseOnFeedAndEntry_ResolvesRelativeLinks) {
  auto items = handmade("xml-base.atom");
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].url, "https://base.example/blog/2024/first");
  EXPECT_EQ(items[0].title, "First post") << "type=\"html\" is reduced to text";
  EXPECT_EQ(items[0].tags, std::vector<std::string>{"Technology"});
  EXPECT_EQ(items[0].authors, std::vector<std::string>{"Ann"});
  EXPECT_EQ(items[1].url, "https://base.example/archive/second") << "the enclosure is not the article";
  EXPECT_EQ(items[1].title, "Second <post>") << "type=\"text\" keeps a literal '<'";
  EXPECT_EQ(items[1].summary, "One Two");
  EXPECT_EQ(items[1].published, "2024-03-03T10:00:00+09:00");
}

TEST(FeedIdentity, OneLinkAndOneGuidForEveryEntry_FallBackToTitleAndDate_AndSaySo) {
  ExtractReport report;
  auto items = handmade("one-guid.rss", &report);
  ASSERT_EQ(items.size(), 3u) << "three stories, not one";
  EXPECT_EQ(report.identity, "title+date (links and guids unusable) for 3 of 3 entries");
  EXPECT_EQ(items[0].url, "https://same.example/") << "the shared link is still the best link to show";
  EXPECT_EQ(items[0].key, "title:feeds.example/2024-03-04T10:00:00+00:00/story 0");
  EXPECT_NE(items[1].key, items[0].key);
}

TEST(FeedIdentity, NoLinks_FallBackToUniqueGuids_AndTheChannelLinkIsShown) {
  ExtractReport report;
  auto items = handmade("no-links.rss", &report);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(report.identity, "guid (links unusable) for 3 of 3 entries");
  EXPECT_EQ(items[0].key, "guid:feeds.example/bulletin-0");
  EXPECT_EQ(items[0].url, "https://nolinks.example/news");
}

TEST(FeedIdentity, OneSharedLinkWithUniqueGuids_FallsBackToGuidOnlyForThoseEntries) {
  const std::string feed =
      "<rss><channel>"
      "<item><title>Live 1</title><link>https://live.example/blog#p1</link><guid>p1</guid></item>"
      "<item><title>Live 2</title><link>https://live.example/blog#p2</link><guid>p2</guid></item>"
      "<item><title>Story</title><link>https://live.example/story</link><guid>p3</guid></item>"
      "</channel></rss>";
  ExtractReport report;
  auto items = run_feed(feed, &report);
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 3u);
  EXPECT_EQ((*items)[0].key, "guid:feeds.example/p1");
  EXPECT_EQ((*items)[2].key, "https://live.example/story") << "a usable link keeps its identity";
  EXPECT_EQ(report.identity, "guid (links unusable) for 2 of 3 entries");
}

TEST(FeedIdentity, AnExactRepeatOfAnEntry_IsOneItemKnownByItsLink) {
  const std::string entry = "<item><title>Same</title><link>https://rep.example/a</link><guid>a</guid></item>";
  ExtractReport report;
  auto items = run_feed("<rss><channel>" + entry + entry + "</channel></rss>", &report);
  ASSERT_TRUE(items);
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].key, "https://rep.example/a");
  EXPECT_EQ(report.identity, "");
}

TEST(FeedHostile, BillionLaughsAndExternalEntities_AreNeverExpanded) {
  auto items = handmade("billion-laughs.rss");
  ASSERT_EQ(items.size(), 1u);
  EXPECT_LT(items[0].title.size(), 100u) << items[0].title.substr(0, 100);
  EXPECT_EQ(items[0].title.find("lollol"), std::string::npos);
  EXPECT_EQ(items[0].title.find("root:"), std::string::npos) << "file:///etc/passwd must not be read";
}

TEST(FeedHostile, ThreeHundredThousandNestedElements_AreRefusedNamingTheDepth) {
  const std::string feed = "<rss><channel><item><title>x</title>" + repeat("<a>", 300000) + "</item></channel></rss>";
  auto items = run_feed(feed);
  ASSERT_FALSE(items);
  EXPECT_EQ(items.error().kind, ErrorKind::parse);
  EXPECT_NE(items.error().message.find("300003"), std::string::npos) << items.error().message;
  EXPECT_NE(items.error().message.find("512"), std::string::npos) << items.error().message;
}

TEST(FeedHostile, NestingPastTheParsersOwnLimit_KeepsTheEntriesBeforeIt) {
  // 300 levels: under our 512, over libxml2's 256 (XML_PARSE_HUGE stays off), which stops there.
  const std::string feed =
      "<rss><channel><item><title>Kept</title><link>https://deep.example/1</link></item>"
      "<item><title>Deep</title>" +
      repeat("<x>", 300) + repeat("</x>", 300) + "</item></channel></rss>";
  auto items = run_feed(feed);
  ASSERT_TRUE(items) << items.error().message;
  ASSERT_GE(items->size(), 1u);
  EXPECT_EQ((*items)[0].title, "Kept");
}

TEST(FeedHostile, TenMegabyteFeed_YieldsEveryEntry) {
  std::string feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big</title>";
  const std::string body = repeat("Lorem ipsum dolor sit amet &amp; more. ", 50);
  std::size_t count = 0;
  while (feed.size() < 10u << 20) {
    feed += fmt::format(
        "<item><title>Entry {0}</title><link>https://big.example/{0}</link>"
        "<pubDate>Mon, 04 Mar 2024 10:00:00 GMT</pubDate><description>&lt;p&gt;{1}&lt;/p&gt;"
        "</description></item>",
        count++, body);
  }
  feed += "</channel></rss>";
  ASSERT_GE(feed.size(), 10u << 20);
  auto items = run_feed(feed);
  ASSERT_TRUE(items) << items.error().message;
  ASSERT_EQ(items->size(), count);
  EXPECT_EQ(items->back().title, fmt::format("Entry {}", count - 1));
  EXPECT_LE(items->back().summary.size(), k_max_feed_summary_bytes + 3);
}

TEST(FeedHostile, EntriesPastTheLimit_AreDroppedAndCounted) {
  std::string feed = "<rss><channel>";
  for (std::size_t i = 0; i < k_max_feed_entries + 5; ++i)
    feed += fmt::format("<item><title>t{0}</title><link>https://many.example/{0}</link></item>", i);
  feed += "</channel></rss>";
  auto raw = parse_feed_xml(sanitize_feed_xml(feed));
  ASSERT_TRUE(raw);
  EXPECT_EQ(raw->entries.size(), k_max_feed_entries);
  EXPECT_EQ(raw->entries_dropped, 5u);
}

TEST(FeedHostile, NotAFeed_IsAParseErrorNamingWhatItIs) {
  auto html = run_feed("<!doctype html><html><body><p>Moved</p></body></html>");
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().kind, ErrorKind::parse);
  EXPECT_NE(html.error().message.find("<html>"), std::string::npos) << html.error().message;
  auto empty = run_feed("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().kind, ErrorKind::parse);
  auto binary = run_feed(std::string("\x1f\x8b\x08\0\0\0", 6));
  ASSERT_FALSE(binary);
  EXPECT_EQ(binary.error().kind, ErrorKind::parse);
}

TEST(FeedHostile, AnEmptyFeed_IsZeroItemsNotAnError) {
  auto items = run_feed("<rss version=\"2.0\"><channel><title>Quiet</title></channel></rss>");
  ASSERT_TRUE(items);
  EXPECT_TRUE(items->empty());
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
