// The "sitemap" extractor: the real NYT news sitemap and WaPo sitemap index against their expected.json
// (tests/fixtures/feeds/PROVENANCE.md), gzip, the recency window, the bounds (gzip bomb, 50,000 entries,
// hostile nesting) and article titles. Every "now" is a fixed time or derived from the dates the test
// writes, so nothing depends on the clock.

#include <gtest/gtest.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "extractors/article_title.h"
#include "extractors/extractor.h"
#include "extractors/sitemap.h"
#include "extractors/sitemap_gzip.h"
#include "extractors/xml_doc.h"
#include "tests/support/files.h"
#include "tests/support/gzip.h"

using namespace newswatch;
using newswatch::test::fixture_path;
using newswatch::test::gzip_bytes;
using newswatch::test::read_file;

namespace {
namespace NEWSWATCH_FILE_ID {

constexpr std::int64_t k_may_20_2020 = 1589932800;  // 2020-05-20T00:00:00Z
constexpr std::int64_t k_day = 86400;

ExtractOptions at(std::int64_t now, std::int64_t recent_seconds = 2 * k_day, int max_children = 3) {
  ExtractOptions options;
  options.dates.now = now;
  options.sitemap.recent = Seconds{recent_seconds};
  options.sitemap.max_children = max_children;
  return options;
}

struct Extracted {
  std::vector<Item> items;
  ExtractReport report;
  std::string error;
};

Extracted run(std::string_view bytes, const ExtractOptions& options, std::string_view url = "https://news.example/") {
  Extracted out;
  auto items = make_sitemap_extractor()->extract_with(bytes, url, options, &out.report);
  if (items)
    out.items = std::move(*items);
  else
    out.error = items.error().message;
  return out;
}

std::int64_t unix_of(const std::string& text) {
  auto iso = parse_date(text);
  EXPECT_TRUE(iso) << text;
  auto seconds = iso ? iso_unix_seconds(*iso) : std::nullopt;
  EXPECT_TRUE(seconds) << text;
  return seconds.value_or(0);
}

std::string urlset(const std::string& urls) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">)" +
         urls + "</urlset>\n";
}

std::string news_url(const std::string& loc, const std::string& title, const std::string& date) {
  return fmt::format(
      "<url><loc>{}</loc><news:news><news:publication><news:name>X</news:name></news:publication>{}{}"
      "</news:news></url>\n",
      loc, date.empty() ? "" : "<news:publication_date>" + date + "</news:publication_date>",
      title.empty() ? "" : "<news:title>" + title + "</news:title>");
}

std::string iso_utc(std::int64_t unix) {
  const std::time_t t = unix;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

TEST(Sitemap, NytNewsSitemap_GivesEveryExpectedEntry_NewestFirst) {
  const std::string xml = read_file(fixture_path("feeds/nyt-news-sitemap-2020.xml"));
  const auto expected = nlohmann::json::parse(read_file(fixture_path("feeds/nyt-news-sitemap-2020.xml.expected.json")));
  Extracted got = run(xml, at(k_may_20_2020, 30 * k_day), "https://www.nytimes.com/sitemaps/new/news.xml.gz");
  ASSERT_EQ(got.error, "");
  ASSERT_EQ(got.items.size(), expected["entries"].size());
  for (const auto& entry : expected["entries"]) {
    SCOPED_TRACE(entry["loc"].get<std::string>());
    auto item = std::find_if(got.items.begin(), got.items.end(), [&](const Item& i) { return i.url == entry["loc"]; });
    ASSERT_NE(item, got.items.end());
    EXPECT_EQ(item->title, entry["news_title"].get<std::string>());
    ASSERT_TRUE(item->published);
    EXPECT_EQ(iso_unix_seconds(*item->published), unix_of(entry["publication_date"]));
  }
  for (std::size_t i = 1; i < got.items.size(); ++i)
    EXPECT_GE(*iso_unix_seconds(*got.items[i - 1].published), *iso_unix_seconds(*got.items[i].published));
  EXPECT_EQ(got.items.front().url,
            "https://www.nytimes.com/2020/05/19/world/europe/coronavirus-germany-merkel-france.html");
  const Item& first_in_file = got.items.back();  // published 09:00:01 on May 11, like another; file order kept
  EXPECT_EQ(first_in_file.url, "https://www.nytimes.com/interactive/2020/05/11/magazine/quarantine-nature.html");
  auto insanity = std::find_if(got.items.begin(), got.items.end(),
                               [](const Item& i) { return i.url.ends_with("quarantine-insanity.html"); });
  EXPECT_EQ(insanity->tags,
            (std::vector<std::string>{"Coronavirus (2019-nCoV)", "Quarantines", "Writing and Writers"}));
  EXPECT_TRUE(got.report.untitled.empty());
  EXPECT_TRUE(got.report.follow_ups.empty());
}

TEST(Sitemap, NytNewsSitemap_TwoDayWindow_KeepsOnlyEntriesOfTheLastTwoDays) {
  const std::string xml = read_file(fixture_path("feeds/nyt-news-sitemap-2020.xml"));
  Extracted got = run(xml, at(k_may_20_2020));  // cutoff 2020-05-18T00:00Z
  ASSERT_EQ(got.error, "");
  ASSERT_EQ(got.items.size(), 2u);
  EXPECT_TRUE(got.items[0].url.ends_with("coronavirus-germany-merkel-france.html"));
  EXPECT_TRUE(got.items[1].url.ends_with("germany-music-coronavirus.html"));
  EXPECT_EQ(got.report.entries_skipped, 4u);
}

TEST(Sitemap, WapoIndex_ReportsItsChildrenAsFollowUps_AtMostMaxChildren) {
  const std::string xml = read_file(fixture_path("feeds/wapo-news-sitemap-index-2018.xml"));
  const auto expected =
      nlohmann::json::parse(read_file(fixture_path("feeds/wapo-news-sitemap-index-2018.xml.expected.json")));
  Extracted all = run(xml, at(k_may_20_2020, 2 * k_day, 50), "https://www.washingtonpost.com/news-sitemaps/index.xml");
  ASSERT_EQ(all.error, "");
  EXPECT_TRUE(all.items.empty());
  ASSERT_EQ(all.report.follow_ups.size(), expected["sitemaps"].size());
  for (std::size_t i = 0; i < all.report.follow_ups.size(); ++i)  // no lastmod anywhere: file order
    EXPECT_EQ(all.report.follow_ups[i], expected["sitemaps"][i]["loc"].get<std::string>());
  Extracted three = run(xml, at(k_may_20_2020), "https://www.washingtonpost.com/news-sitemaps/index.xml");
  EXPECT_EQ(three.report.follow_ups,
            (std::vector<std::string>{"https://www.washingtonpost.com/news-sitemaps/politics.xml",
                                      "https://www.washingtonpost.com/news-sitemaps/opinions.xml",
                                      "https://www.washingtonpost.com/news-sitemaps/local.xml"}));
}

TEST(Sitemap, Index_ChildrenNewestFirstByLastmod_StaleOnesLeftOut_RelativeOnesResolved) {
  const std::string xml = R"(<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/old.xml</loc><lastmod>2020-05-01T00:00:00Z</lastmod></sitemap>
<sitemap><loc>/undated.xml</loc></sitemap>
<sitemap><loc>https://news.example/mid.xml</loc><lastmod>2020-05-19T10:00:00+02:00</lastmod></sitemap>
<sitemap><loc>https://news.example/new.xml.gz</loc><lastmod>2020-05-19T23:00:00Z</lastmod></sitemap>
</sitemapindex>)";
  Extracted got = run(xml, at(k_may_20_2020, 2 * k_day, 10));
  ASSERT_EQ(got.error, "");
  EXPECT_EQ(got.report.follow_ups,
            (std::vector<std::string>{"https://news.example/new.xml.gz", "https://news.example/mid.xml",
                                      "https://news.example/undated.xml"}));
  EXPECT_EQ(got.report.entries_skipped, 1u);
  EXPECT_EQ(run(xml, at(k_may_20_2020, 2 * k_day, 1)).report.follow_ups,
            std::vector<std::string>{"https://news.example/new.xml.gz"});
}

TEST(Sitemap, Gzipped_ReadsExactlyAsThePlainFile) {
  const std::string xml = read_file(fixture_path("feeds/nyt-news-sitemap-2020.xml"));
  const std::string gz = gzip_bytes(xml);
  ASSERT_TRUE(is_gzip(gz));
  ASSERT_FALSE(is_gzip(xml));
  Extracted plain = run(xml, at(k_may_20_2020, 30 * k_day)), packed = run(gz, at(k_may_20_2020, 30 * k_day));
  ASSERT_EQ(packed.error, "");
  EXPECT_EQ(packed.items, plain.items);
}

TEST(Sitemap, GzipBomb_IsRefusedAtTheFiftyMegabyteCap) {
  const std::string bomb = gzip_bytes(std::string(60u << 20, ' '));  // 60 MB of spaces in ~60 KB
  ASSERT_LT(bomb.size(), 1u << 20);
  Extracted got = run(bomb, at(k_may_20_2020));
  EXPECT_NE(got.error.find("inflates past 50MB"), std::string::npos) << got.error;
  auto small = gunzip(gzip_bytes(std::string(5000, 'x')), 4096);
  ASSERT_FALSE(small);
  EXPECT_NE(small.error().message.find("inflates past 4KB"), std::string::npos) << small.error().message;
  EXPECT_EQ(gunzip(gzip_bytes("fits"), 4096).value_or(""), "fits");
}

TEST(Sitemap, TruncatedOrCorruptGzip_IsAParseErrorNotACrash) {
  const std::string gz = gzip_bytes(read_file(fixture_path("feeds/nyt-news-sitemap-2020.xml")));
  auto truncated = gunzip(std::string_view(gz).substr(0, gz.size() / 2), 1u << 20);
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().message, "gzip data is truncated");
  std::string corrupt = gz;
  for (std::size_t i = 20; i < 60; ++i) corrupt[i] = static_cast<char>(0xff);
  EXPECT_FALSE(gunzip(corrupt, 1u << 20));
  EXPECT_NE(run(corrupt, at(k_may_20_2020)).error, "");
}

TEST(Sitemap, FiftyThousandEntries_OnlyTheRecentOnesAreKept) {
  // Entry i was published i minutes and 30 seconds before "now": the last two days are entries 0..2879.
  const std::int64_t now = k_may_20_2020;
  std::string urls;
  for (int i = 0; i < 50000; ++i)
    urls += news_url(fmt::format("https://news.example/{}.html", i), fmt::format("Story {}", i),
                     iso_utc(now - i * 60 - 30));
  Extracted got = run(urlset(urls), at(now));
  ASSERT_EQ(got.error, "");
  ASSERT_EQ(got.items.size(), 2880u);
  EXPECT_EQ(got.items.front().title, "Story 0");
  EXPECT_EQ(got.items.back().title, "Story 2879");
  EXPECT_EQ(got.report.entries_skipped, 50000u - 2880u);
}

TEST(Sitemap, PastFiftyThousandEntries_TheRestIsNotRead) {
  std::string urls;
  for (int i = 0; i < 50001; ++i) urls += fmt::format("<url><loc>https://news.example/{}.html</loc></url>", i);
  // Undated entries of a plain sitemap count for nothing; a news sitemap's are kept. Mark the last one news.
  urls += news_url("https://news.example/after-the-cap.html", "Too late", "");
  Extracted got = run(urlset(urls), at(k_may_20_2020));
  ASSERT_EQ(got.error, "");
  EXPECT_TRUE(got.items.empty());
  EXPECT_EQ(got.report.entries_skipped, 50000u);
}

TEST(Sitemap, UndatedEntries_KeptInANewsSitemap_LeftOutOfAPlainOne) {
  const std::string xml =
      urlset(news_url("https://news.example/a.html", "A", "") + "<url><loc>https://news.example/b.html</loc></url>" +
             "<url><loc>https://news.example/c.html</loc><lastmod>2020-05-19</lastmod></url>");
  Extracted got = run(xml, at(k_may_20_2020));
  ASSERT_EQ(got.items.size(), 2u);
  EXPECT_EQ(got.items[0].url, "https://news.example/c.html");  // dated first
  EXPECT_EQ(got.items[0].published, "2020-05-19");
  EXPECT_EQ(got.items[1].url, "https://news.example/a.html");
  EXPECT_EQ(got.items[1].published, std::nullopt);
  EXPECT_EQ(got.report.entries_skipped, 1u);
}

TEST(Sitemap, EntryWithoutNewsTitle_HasItsLinkAsTitle_AndIsListedUntitled) {
  const std::string xml =
      urlset(news_url("https://news.example/titled.html", "Titled", "2020-05-19T12:00:00Z") +
             news_url("https://news.example/untitled.html?utm_source=x", "", "2020-05-19T11:00:00Z") +
             news_url("https://news.example/titled.html", "Twice", "2020-05-19T12:00:00Z"));
  Extracted got = run(xml, at(k_may_20_2020));
  ASSERT_EQ(got.items.size(), 2u);
  EXPECT_EQ(got.items[0].title, "Titled");
  EXPECT_EQ(got.items[1].title, got.items[1].url);
  EXPECT_EQ(got.report.untitled, std::vector<std::string>{got.items[1].key});
}

TEST(Sitemap, NotASitemap_SaysWhatItFound) {
  Extracted rss = run("<rss version=\"2.0\"><channel><title>x</title></channel></rss>", at(k_may_20_2020));
  EXPECT_NE(rss.error.find("root element of https://news.example/ is <rss>"), std::string::npos) << rss.error;
  EXPECT_NE(rss.error.find("(a feed?)"), std::string::npos) << rss.error;
  Extracted html = run("\x01\x02 not xml at all", at(k_may_20_2020));
  EXPECT_NE(html.error.find("not a sitemap"), std::string::npos) << html.error;
}

TEST(Sitemap, HostileNesting_300kDeep_IsRefusedBeforeParsing_NamingTheDepth) {
  std::string deep = "<urlset><url><loc>https://news.example/kept.html</loc><lastmod>2020-05-19</lastmod></url><url>";
  for (int i = 0; i < 300000; ++i) deep += "<a>";
  deep += "<loc>https://news.example/deep.html</loc>";
  for (int i = 0; i < 300000; ++i) deep += "</a>";
  deep += "</url></urlset>";
  EXPECT_NE(run(deep, at(k_may_20_2020)).error.find("nests 300003 elements deep, over the limit of 512"),
            std::string::npos)
      << run(deep, at(k_may_20_2020)).error;
  // Gzipped, the same file is judged once inflated.
  EXPECT_NE(run(gzip_bytes(deep), at(k_may_20_2020)).error.find("nests 300003"), std::string::npos);
}

TEST(Sitemap, NestingPastLibxmlsOwnLimit_KeepsWhatWasReadBeforeIt) {
  // 300 levels: under our pre-scan limit of 512, past libxml2's 256, which stops the read there.
  std::string deep = "<urlset><url><loc>https://news.example/kept.html</loc><lastmod>2020-05-19</lastmod></url><url>";
  for (int i = 0; i < 300; ++i) deep += "<a>";
  for (int i = 0; i < 300; ++i) deep += "</a>";
  deep += "<loc>https://news.example/after.html</loc><lastmod>2020-05-19</lastmod></url></urlset>";
  Extracted got = run(deep, at(k_may_20_2020));
  ASSERT_EQ(got.error, "");
  ASSERT_GE(got.items.size(), 1u);
  EXPECT_EQ(got.items[0].url, "https://news.example/kept.html");
}

TEST(XmlDepth, CountsElementsNotCommentsCdataOrDeclarations) {
  EXPECT_EQ(xml_depth("<?xml version=\"1.0\"?><!DOCTYPE a><a><!-- <b><b> --><b/><c><![CDATA[<d><d>]]></c></a>"), 2u);
  EXPECT_EQ(xml_depth("<a><b><c></c></b><b></b></a>"), 3u);
  EXPECT_EQ(xml_depth("no markup"), 0u);
  EXPECT_EQ(xml_depth("<a><b><c"), 2u);  // an unfinished tag is not counted
}

TEST(Sitemap, BillionLaughs_EntitiesAreNotExpanded) {
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE urlset [\n<!ENTITY lol \"lol\">\n";
  xml += "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n";
  for (int i = 2; i <= 9; ++i)
    xml += fmt::format(
        "<!ENTITY lol{} \"{}\">\n", i,
        fmt::format("&lol{0};&lol{0};&lol{0};&lol{0};&lol{0};&lol{0};&lol{0};&lol{0};&lol{0};&lol{0};", i - 1));
  xml +=
      "]>\n<urlset xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\"><url><loc>https://news.example/"
      "a.html</loc><news:news><news:title>&lol9;</news:title></news:news></url></urlset>";
  Extracted got = run(xml, at(k_may_20_2020));
  if (!got.error.empty()) SUCCEED() << got.error;
  for (const Item& item : got.items) EXPECT_LT(item.title.size(), 100000u);
}

TEST(ArticleTitle, PrefersOgTitle_ThenH1_ThenTitle) {
  EXPECT_EQ(article_title("<html><head><title>T - Site</title><meta property=\"og:title\" content=\" The  Story \">"
                          "</head><body><h1>H</h1></body></html>"),
            "The Story");
  EXPECT_EQ(article_title("<html><head><title>T - Site</title></head><body><div><h1>The <b>H</b>eadline</h1></div>"),
            "The Headline");
  EXPECT_EQ(article_title("<title>Only &amp; title</title><p>text"), "Only & title");
  EXPECT_EQ(article_title("<p>nothing to call it</p>"), std::nullopt);
}

TEST(SitemapDates, IsoUnixSeconds_ReadsWhatParseDateWrites) {
  EXPECT_EQ(iso_unix_seconds("2020-05-20"), k_may_20_2020);
  EXPECT_EQ(iso_unix_seconds("2020-05-20T09:00:00+09:00"), k_may_20_2020);
  EXPECT_EQ(iso_unix_seconds("2020-05-19T19:30:00-04:30"), k_may_20_2020);
  EXPECT_EQ(iso_unix_seconds(*parse_date("2020-05-20T00:00:00.123Z")), k_may_20_2020);
  EXPECT_EQ(iso_unix_seconds("2020-02-30"), std::nullopt);
  EXPECT_EQ(iso_unix_seconds("yesterday"), std::nullopt);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
