// discover reads sitemaps with the sitemap extractor, through the real binary against the loopback fixture
// server: a gzip news sitemap named in robots.txt is counted as a configured sitemap site would read it
// (recent entries, entries without news:title), and a sitemap index is judged by its newest recent child,
// which is the only child fetched. The page is tests/fixtures/discover/harbor-listing.html (hand-made);
// the sitemaps are generated here with dates relative to now.

#include <ctime>

#include <fmt/format.h>

#include "tests/integration/harness.h"
#include "tests/support/gzip.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

/// A news sitemap: `recent` entries from the last hours (every third without news:title), `old` from last week.
std::string news_sitemap(int recent, int old) {
  std::string out =
      "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n";
  for (int i = 0; i < recent + old; ++i) {
    const bool is_recent = i < recent;
    const std::string title = is_recent && i % 3 == 2 ? "" : fmt::format("<news:title>Story {}</news:title>", i);
    out += fmt::format(
        "<url><loc>/news/story-{}</loc><news:news><news:publication_date>{}</news:publication_date>{}</news:news>"
        "</url>\n",
        i, iso_ago(is_recent ? 1800 * (i + 1) : 7 * 86400), title);
  }
  return out + "</urlset>\n";
}

class DiscoverSitemapTest : public ::testing::Test {
 protected:
  DiscoverSitemapTest() : m_site("http_server.py", {m_dir.path().string() + "/site"}) {
    serve("local.html", read_file(fixture_path("discover/harbor-listing.html")));
  }

  void serve(const std::string& path, const std::string& bytes) { write_file(m_dir / "site" / path, bytes); }

  /// `discover --json` of the listing page; the source whose URL is `url`.
  nlohmann::json source(const std::string& url) {
    RunResult run = run_binary({"discover", m_site.url("/local.html"), "--json"}, m_dir.path().string());
    EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
    const nlohmann::json report = nlohmann::json::parse(run.out);  // kept alive while its sources are searched
    for (const auto& source : report["sources"])
      if (source["url"] == url) return source;
    ADD_FAILURE() << "no source " << url << " in " << run.out;
    return {};
  }

  std::vector<std::string> requested() {
    std::vector<std::string> out;
    const nlohmann::json log = nlohmann::json::parse(http_get(m_site.url("/_control/log")));
    for (const auto& request : log) out.push_back(request["path"]);
    return out;
  }

  TempDir m_dir;
  Peer m_site;
};

TEST_F(DiscoverSitemapTest, GzipNewsSitemapInRobots_CountedAsTheSitemapExtractorReadsIt) {
  serve("robots.txt", "User-agent: *\nSitemap: " + m_site.url("/news-sitemap.xml.gz") + "\n");
  serve("news-sitemap.xml.gz", gzip_bytes(news_sitemap(12, 30)));
  const nlohmann::json found = source(m_site.url("/news-sitemap.xml.gz"));
  EXPECT_EQ(found["kind"], "sitemap");
  EXPECT_EQ(found["ok"], true) << found.dump();
  EXPECT_EQ(found["entries"], 42);
  EXPECT_EQ(found["recent"], 12);
  EXPECT_EQ(found["untitled"], 4);
  EXPECT_EQ(found["summary"], "news sitemap: 42 URLs, 12 in the last 2 days, 4 without news:title, newest 30 min ago");
  EXPECT_EQ(found["titles"], (nlohmann::json{"Story 0", "Story 1", "Story 3"}));  // stand-in titles not shown
  EXPECT_EQ(found["rank"], 1);  // the page's named feed is missing: the news sitemap is the best source
}

TEST_F(DiscoverSitemapTest, SitemapIndex_ReadThroughItsNewestChild_StaleChildrenNeverFetched) {
  const std::string base = m_site.url("");
  serve("robots.txt", "User-agent: *\nSitemap: " + m_site.url("/sitemap-index.xml") + "\n");
  serve("sitemap-index.xml",
        fmt::format("<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                    "<sitemap><loc>{0}/archive-2019.xml</loc><lastmod>2019-01-01</lastmod></sitemap>"
                    "<sitemap><loc>{0}/yesterday.xml</loc><lastmod>{1}</lastmod></sitemap>"
                    "<sitemap><loc>{0}/today.xml.gz</loc><lastmod>{2}</lastmod></sitemap></sitemapindex>",
                    base, iso_ago(86400), iso_ago(600)));
  serve("today.xml.gz", gzip_bytes(news_sitemap(9, 0)));
  serve("yesterday.xml", news_sitemap(20, 0));
  const nlohmann::json found = source(m_site.url("/sitemap-index.xml"));
  EXPECT_EQ(found["ok"], true) << found.dump();
  EXPECT_EQ(found["entries"], 3);
  EXPECT_EQ(found["recent"], 9);
  EXPECT_EQ(found["summary"],
            "sitemap index: 3 sitemaps, a crawl reads 2; the newest has 9 URLs in the last 2 days, 3 without "
            "news:title, newest 10 min ago");
  const auto paths = requested();
  EXPECT_NE(std::find(paths.begin(), paths.end(), "/today.xml.gz"), paths.end());
  EXPECT_EQ(std::find(paths.begin(), paths.end(), "/yesterday.xml"), paths.end());
  EXPECT_EQ(std::find(paths.begin(), paths.end(), "/archive-2019.xml"), paths.end());
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
