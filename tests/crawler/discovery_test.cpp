// discover without a network: candidates read from real saved pages
// (tests/fixtures/listings, nknews) and hand-made ones (tests/fixtures/discover,
// and the inline strings marked hand-made), sources judged from the real feeds
// and sitemaps in tests/fixtures/feeds, and the ranking as a table.

#include <gtest/gtest.h>

#include "crawler/discovery.h"
#include "crawler/discovery_candidates.h"
#include "crawler/discovery_checks.h"
#include "extractors/feed_dates.h"
#include "extractors/sitemap.h"
#include "tests/support/files.h"
#include "tests/support/gzip.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

using test::fixture_path;
using test::read_file;

std::vector<std::string> urls(const std::vector<Candidate>& candidates) {
  std::vector<std::string> out;
  for (const Candidate& c : candidates) out.push_back(c.url);
  return out;
}

TEST(DiscoveryCandidates, AlternateFeeds_DailyNkHome_ListsItsRssFeedsButNotOembed) {
  const std::string html = read_file(fixture_path("listings/dailynk-english-home.html"));
  const auto feeds = alternate_feeds(html, "https://www.dailynk.com/english/");
  EXPECT_EQ(urls(feeds), (std::vector<std::string>{"https://www.dailynk.com/english/wp-content/plugins/kboard/rss.php",
                                                   "https://www.dailynk.com/english/feed/",
                                                   "https://www.dailynk.com/english/comments/feed/",
                                                   "https://www.dailynk.com/english/news/feed/"}));
  EXPECT_EQ(feeds[1].title, "Daily NK » Feed");  // entities decoded
  EXPECT_TRUE(is_comments_feed(feeds[2]));
  EXPECT_FALSE(is_comments_feed(feeds[1]));
}

TEST(DiscoveryCandidates, AlternateFeeds_PageWithoutAny_IsEmpty) {
  const std::string html = read_file(fixture_path("listings/voa-home.html"));
  EXPECT_TRUE(alternate_feeds(html, "https://www.voanews.com/").empty());
}

TEST(DiscoveryCandidates, AlternateFeeds_HandMade_ResolvesRelativeKeepsAtomAndJsonOnceEach) {
  // hand-made
  const std::string html =
      "<html><head><link rel='Alternate' type='application/atom+xml' href='atom.xml'>"
      "<link rel='alternate' type='application/rss+xml; charset=utf-8' href='/rss'>"
      "<link rel='alternate' type='application/rss+xml' href='https://news.example/rss'>"
      "<link rel='alternate' type='application/feed+json' href='/feed.json'>"
      "<link rel='alternate' type='text/html' hreflang='de' href='/de/'>"
      "<link rel='alternate' type='application/rss+xml' href='javascript:alert(1)'>"
      "</head><body><link rel='alternate stylesheet' type='application/rss+xml' href='/body.rss'></body></html>";
  const auto feeds = alternate_feeds(html, "https://news.example/section/");
  EXPECT_EQ(urls(feeds), (std::vector<std::string>{"https://news.example/section/atom.xml", "https://news.example/rss",
                                                   "https://news.example/feed.json", "https://news.example/body.rss"}));
  EXPECT_TRUE(feeds[2].json_feed);
  EXPECT_FALSE(feeds[0].json_feed);
}

TEST(DiscoveryCandidates, StatedPageUrl_NkNewsHome_IsItsCanonical) {
  const std::string html = read_file(fixture_path("nknews/homepage-2020-05-29.html"));
  EXPECT_EQ(stated_page_url(html).value_or(""), "https://www.nknews.org/");
  EXPECT_FALSE(stated_page_url("<html><head><title>x</title></head></html>").has_value());
}

TEST(DiscoveryCandidates, RobotsSitemaps_AnyGroupAnyCase_ResolvedAndListedOnce) {
  // hand-made
  const std::string robots =
      "User-agent: *\nDisallow: /private\nSitemap: https://news.example/sitemap.xml\n"
      "sitemap:/news-sitemap.xml # relative, resolved\nSITEMAP : https://news.example/sitemap.xml\n"
      "User-agent: other\nSitemap: ftp://news.example/x.xml\n";
  EXPECT_EQ(robots_sitemaps(robots, "https://news.example/robots.txt"),
            (std::vector<std::string>{"https://news.example/sitemap.xml", "https://news.example/news-sitemap.xml"}));
}

TEST(DiscoveryCandidates, OnOrigin_AndNewsSitemapNames) {
  EXPECT_EQ(on_origin("https://news.example:8443/a/b?c", "/feed"), "https://news.example:8443/feed");
  EXPECT_EQ(on_origin("not a url", "/feed"), "");
  EXPECT_TRUE(looks_like_news_sitemap("https://x.example/sitemap_news.xml"));
  EXPECT_FALSE(looks_like_news_sitemap("https://news.example/sitemap.xml"));  // the host does not count
}

Finding made(SourceKind kind, const std::string& url, bool ok, int entries, int recent, std::int64_t newest,
             bool checked = true) {
  Finding f;
  f.candidate = Candidate{kind, url, "", "", false};
  f.ok = ok;
  f.checked = checked;
  f.entries = entries;
  f.recent = recent;
  if (newest) f.newest = newest;
  if (!ok) f.failure = "HTTP 404";
  return f;
}

Finding judged_sitemap(const std::string& url, std::string_view body, std::int64_t now) {
  Finding f;
  f.candidate = Candidate{SourceKind::sitemap, url, "robots.txt Sitemap:", "", false};
  judge_sitemap(f, body, now);
  return f;
}

TEST(DiscoverySitemap, NytNewsSitemap_CountsExactlyWhatASitemapSiteWouldStore) {
  const std::string xml = read_file(fixture_path("feeds/nyt-news-sitemap-2020.xml"));
  const std::int64_t now = *iso_to_unix("2020-05-20T12:00:00+00:00");
  const Finding f = judged_sitemap("https://www.nytimes.com/sitemaps/new/news.xml", xml, now);
  ASSERT_TRUE(f.ok) << f.failure;
  EXPECT_FALSE(f.sitemap_index);
  EXPECT_EQ(f.entries, 6);
  EXPECT_EQ(f.recent, 2);  // news:publication_date wins over lastmod: four were published on the 11th-16th
  EXPECT_EQ(f.untitled, 0);
  EXPECT_EQ(f.newest, iso_to_unix("2020-05-19T21:57:27+00:00"));
  EXPECT_EQ(f.titles,
            (std::vector<std::string>{"One Crisis Too Many: How the Coronavirus Pushed Germany to Shift Course",
                                      "An Audience Comes Out of Lockdown for Schubert and Mahler"}));
  // The very items a site with extractor = "sitemap" would store from the same bytes at the same time.
  ExtractOptions options;
  options.dates.now = now;
  auto items = make_sitemap_extractor()->extract_with(xml, f.candidate.url, options, nullptr);
  ASSERT_TRUE(items.has_value());
  EXPECT_EQ(static_cast<int>(items->size()), f.recent);
  const Finding later = judged_sitemap(f.candidate.url, xml, now + 30 * 86400);
  EXPECT_EQ(later.recent, 0);  // a month later nothing is news, though the sitemap still lists six URLs
  EXPECT_EQ(later.entries, 6);
  EXPECT_EQ(later.newest, f.newest);
}

TEST(DiscoverySitemap, Gzipped_JudgedExactlyAsThePlainFile) {
  const std::string xml = read_file(fixture_path("feeds/nyt-news-sitemap-2020.xml"));
  const std::int64_t now = *iso_to_unix("2020-05-20T12:00:00+00:00");
  const Finding plain = judged_sitemap("https://www.nytimes.com/news.xml", xml, now);
  const Finding packed = judged_sitemap("https://www.nytimes.com/news.xml.gz", test::gzip_bytes(xml), now);
  ASSERT_TRUE(packed.ok) << packed.failure;
  EXPECT_EQ(packed.entries, plain.entries);
  EXPECT_EQ(packed.recent, plain.recent);
  EXPECT_EQ(packed.titles, plain.titles);
  EXPECT_EQ(document_kind(test::gzip_bytes(xml)), SourceKind::sitemap);
}

TEST(DiscoverySitemap, EntriesWithoutNewsTitle_AreCountedAndNotShownAsTitles) {
  // hand-made: two recent entries, one without news:title
  const std::string xml =
      "<urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
      "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>"
      "<url><loc>https://x.example/a</loc><news:news><news:title>Port reopens</news:title>"
      "<news:publication_date>2024-03-05T10:00:00Z</news:publication_date></news:news></url>"
      "<url><loc>https://x.example/b</loc><news:news>"
      "<news:publication_date>2024-03-05T11:00:00Z</news:publication_date></news:news></url></urlset>";
  const std::int64_t now = *iso_to_unix("2024-03-05T12:00:00+00:00");
  const Finding f = judged_sitemap("https://x.example/news.xml", xml, now);
  ASSERT_TRUE(f.ok) << f.failure;
  EXPECT_EQ(f.recent, 2);
  EXPECT_EQ(f.untitled, 1);
  EXPECT_EQ(f.titles, std::vector<std::string>{"Port reopens"});
  EXPECT_EQ(describe(f, now), "news sitemap: 2 URLs, 2 in the last 2 days, 1 without news:title, newest 1 h ago");
}

TEST(DiscoverySitemap, WapoSitemapIndex_IsAnIndexWhoseNewestThreeACrawlReads) {
  const std::string xml = read_file(fixture_path("feeds/wapo-news-sitemap-index-2018.xml"));
  const Finding f = judged_sitemap("https://www.washingtonpost.com/news-sitemap-index.xml", xml, 0);
  ASSERT_TRUE(f.ok) << f.failure;
  EXPECT_TRUE(f.sitemap_index);
  EXPECT_EQ(f.entries, 11);
  EXPECT_EQ(f.children.size(), 3u);  // max_children of a site that sets none
  EXPECT_EQ(f.recent, 0);            // an index holds no articles itself: its newest child is read for them
}

TEST(DiscoverySitemap, IndexTakesItsNewestChildsRecentEntries_OrSaysWhyNot) {
  Finding index = made(SourceKind::sitemap, "https://x.example/index.xml", true, 11, 0, 0);
  index.sitemap_index = true;
  index.children = {"https://x.example/today.xml", "https://x.example/yesterday.xml"};
  Finding child = made(SourceKind::sitemap, "https://x.example/today.xml", true, 40, 35, 990);
  child.titles = {"Port reopens"};
  Finding taken = index;
  take_child(taken, child);
  EXPECT_EQ(taken.recent, 35);
  EXPECT_EQ(taken.entries, 11);
  EXPECT_EQ(taken.titles, child.titles);
  EXPECT_EQ(describe(taken, 1000),
            "sitemap index: 11 sitemaps, a crawl reads 2; the newest has 35 URLs in the last 2 days, newest just now");
  Finding failed = index;
  take_child(failed, made(SourceKind::sitemap, "https://x.example/today.xml", false, 0, 0, 0));
  EXPECT_EQ(failed.recent, 0);
  EXPECT_EQ(describe(failed, 1000),
            "sitemap index: 11 sitemaps, a crawl reads 2; the newest could not be read: HTTP 404");
}

TEST(DiscoverySitemap, FeedsAndPagesAreNotSitemaps) {
  const Finding feed =
      judged_sitemap("https://x.example/rss", read_file(fixture_path("feeds/guardian-us-2018.rss")), 0);
  EXPECT_FALSE(feed.ok);
  EXPECT_TRUE(feed.checked);
  EXPECT_NE(feed.failure.find("not a sitemap"), std::string::npos) << feed.failure;
  EXPECT_NE(feed.failure.find("(a feed?)"), std::string::npos) << feed.failure;
  EXPECT_FALSE(judged_sitemap("https://x.example/", read_file(fixture_path("discover/harbor-listing.html")), 0).ok);
  EXPECT_FALSE(judged_sitemap("https://x.example/", "", 0).ok);
}

TEST(DiscoveryDocumentKind, FeedsSitemapsAndPagesByTheirRoot) {
  EXPECT_EQ(document_kind(read_file(fixture_path("feeds/guardian-us-2018.rss"))), SourceKind::feed);
  EXPECT_EQ(document_kind(read_file(fixture_path("feeds/wapo-news-sitemap-index-2018.xml"))), SourceKind::sitemap);
  EXPECT_EQ(document_kind(read_file(fixture_path("discover/harbor-listing.html"))), std::nullopt);
  EXPECT_EQ(document_kind(""), std::nullopt);
  // hand-made: a prefixed root after a comment and a doctype
  EXPECT_EQ(xml_root_name("<?xml version='1.0'?><!-- <rss> --><!DOCTYPE x><sm:urlset xmlns:sm='u'/>"), "urlset");
}

TEST(DiscoveryChecks, JudgeFeed_GuardianRss_CountsEntriesAndNewest) {
  Finding f;
  f.candidate = Candidate{SourceKind::feed, "https://www.theguardian.com/us/rss", "<link rel=alternate>", "", false};
  const std::string rss = read_file(fixture_path("feeds/guardian-us-2018.rss"));
  judge_feed(f, rss, "application/rss+xml", *iso_to_unix("2018-02-06T00:00:00+00:00"));
  EXPECT_TRUE(f.ok) << f.failure;
  EXPECT_TRUE(f.checked);
  EXPECT_GT(f.entries, 10);
  EXPECT_EQ(f.recent, f.entries - 1);  // one entry is from December 2017
  ASSERT_TRUE(f.newest.has_value());
  EXPECT_EQ(f.titles.size(), k_titles_kept);
}

TEST(DiscoveryChecks, JudgeFeed_JsonFeed_ReadByTheFeedExtractor) {
  Finding f;
  f.candidate =
      Candidate{SourceKind::feed, "https://harborgazette.example/feed.json", "<link rel=alternate>", "", true};
  const std::string json = read_file(fixture_path("feeds/handmade/jsonfeed-1.1.json"));  // hand-made
  judge_feed(f, json, "application/feed+json", *iso_to_unix("2024-03-05T00:00:00+00:00"));
  EXPECT_TRUE(f.ok) << f.failure;
  EXPECT_EQ(f.entries, 4);
  EXPECT_EQ(f.newest, iso_to_unix("2024-03-04T08:00:00+00:00"));
  EXPECT_EQ(document_kind(json), SourceKind::feed);
  Finding other;
  judge_feed(other, "{\"data\": []}", "application/json", 0);
  EXPECT_FALSE(other.ok);
  EXPECT_NE(other.failure.find("jsonfeed.org"), std::string::npos) << other.failure;
}

TEST(DiscoveryChecks, JudgeFeed_HtmlPageAtAFeedPath_IsNotAFeed) {
  Finding f;
  f.candidate.url = "https://harborgazette.example/feed";
  judge_feed(f, read_file(fixture_path("discover/harbor-listing.html")), "text/html", 0);
  EXPECT_FALSE(f.ok);
  EXPECT_EQ(f.failure, "not a feed (an HTML page)");
}

TEST(DiscoveryChecks, JudgePage_HandMadeListing_AutoFindsItsFiveArticles) {
  Finding f;
  f.candidate = Candidate{SourceKind::page, "https://harborgazette.example/local/", "the page itself", "", false};
  judge_page(f, read_file(fixture_path("discover/harbor-listing.html")), *iso_to_unix("2024-03-05T00:00:00+00:00"));
  EXPECT_TRUE(f.ok) << f.failure;
  EXPECT_EQ(f.entries, 5);
  ASSERT_FALSE(f.titles.empty());
  EXPECT_EQ(f.titles[0], "Harbor dredging begins next week after two years of delay");
}

TEST(DiscoveryRank, FeedsThenNewsSitemapsThenPageThenStaleThenUncheckedThenFailed) {
  std::vector<Finding> findings = {
      made(SourceKind::feed, "failed-feed", false, 0, 0, 0),
      made(SourceKind::page, "page", true, 12, 3, 900),
      made(SourceKind::sitemap, "stale-sitemap", true, 40, 0, 100),
      made(SourceKind::feed, "unchecked-feed", false, 0, 0, 0, false),
      made(SourceKind::sitemap, "news-sitemap", true, 80, 80, 990),
      made(SourceKind::feed, "small-feed", true, 10, 10, 1000),
      made(SourceKind::feed, "big-feed", true, 50, 20, 950),
      made(SourceKind::feed, "stale-feed", true, 30, 0, 10),
  };
  findings.push_back(made(SourceKind::feed, "comments-feed", true, 90, 90, 1000));
  findings.back().candidate.title = "Site » Comments Feed";
  rank(findings);
  std::vector<std::string> order;
  for (const Finding& f : findings) order.push_back(f.candidate.url);
  EXPECT_EQ(order, (std::vector<std::string>{"big-feed", "small-feed", "news-sitemap", "page", "comments-feed",
                                             "stale-feed", "stale-sitemap", "unchecked-feed", "failed-feed"}));
}

TEST(DiscoveryDescribe, SaysWhatEachYields) {
  const std::int64_t now = 100000;
  EXPECT_EQ(describe(made(SourceKind::feed, "f", true, 20, 20, now - 2 * 3600), now),
            "feed: 20 entries, newest 2 h ago");
  EXPECT_EQ(describe(made(SourceKind::sitemap, "s", true, 80, 12, now - 600), now),
            "news sitemap: 80 URLs, 12 in the last 2 days, newest 10 min ago");
  EXPECT_EQ(describe(made(SourceKind::page, "p", true, 24, 0, 0), now), "page under auto: 24 articles");
  EXPECT_EQ(describe(made(SourceKind::feed, "f", false, 0, 0, 0), now), "failed: HTTP 404");
  EXPECT_EQ(age_text(now - 3 * 86400, now), "3 d ago");
}

TEST(Discover, SavedPageAlone_NoNetwork_PageUnderAutoAndNamedFeedUnchecked) {
  DiscoverRequest request;
  request.saved_page = read_file(fixture_path("discover/harbor-listing.html"));
  request.now = *iso_to_unix("2024-03-05T00:00:00+00:00");
  auto report = discover(request);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  EXPECT_EQ(report->requests, 0);
  EXPECT_EQ(report->page_url, "https://harborgazette.example/local/");  // as its canonical link states
  ASSERT_EQ(report->findings.size(), 2u);
  EXPECT_EQ(report->findings[0].candidate.kind, SourceKind::page);
  EXPECT_TRUE(report->findings[0].ok);
  EXPECT_EQ(report->findings[1].candidate.url, "https://harborgazette.example/feed.xml");
  EXPECT_FALSE(report->findings[1].checked);
}

TEST(Discover, SavedPageWithoutStatedUrl_AsksForTheUrl) {
  DiscoverRequest request;
  request.saved_page = "<html><body><a href='/x'>x</a></body></html>";  // hand-made
  auto report = discover(request);
  ASSERT_FALSE(report.has_value());
  EXPECT_EQ(report.error().kind, ErrorKind::usage);
  EXPECT_NE(report.error().message.find("give its URL"), std::string::npos);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
