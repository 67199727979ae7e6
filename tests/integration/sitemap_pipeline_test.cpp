// News sitemaps through the real binary, served by the loopback fixture server: a sitemap index whose
// newest children (one gzipped) are fetched in the same crawl and their recent items stored, with
// max_children honoured; and fetch_titles, which asks article pages for the titles a sitemap lacks,
// only for entries not stored with a real title and never more than the cap. Every date in the served
// files is written relative to now, so the two-day window never depends on when the test runs.

#include <ctime>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "tests/integration/harness.h"
#include "tests/support/gzip.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

constexpr std::int64_t k_minute = 60, k_hour = 3600, k_day = 86400;

struct Entry {
  std::string path, title;  ///< title "" = no news:title
  std::int64_t age;         ///< seconds before now
};

std::string urlset(const std::string& base, const std::vector<Entry>& entries) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/"
      "sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n";
  for (const Entry& e : entries)
    out += fmt::format(
        "<url><loc>{}{}</loc><news:news><news:publication><news:name>Wire</news:name></news:publication>"
        "<news:publication_date>{}</news:publication_date>{}</news:news></url>\n",
        base, e.path, iso_ago(e.age), e.title.empty() ? "" : "<news:title>" + e.title + "</news:title>");
  return out + "</urlset>\n";
}

class SitemapPipelineTest : public ::testing::Test {
 protected:
  SitemapPipelineTest()
      : m_site("http_server.py", {m_dir.path().string() + "/site"}), m_config((m_dir / "newswatch.toml").string()) {}

  void serve(const std::string& path, const std::string& bytes) { write_file(m_dir / "site" / path, bytes); }

  void write_config(const std::string& path, const std::string& extra) {
    write_file(m_config, fmt::format(R"toml(
[service]
database = "{db}"
per_host_delay = "0s"
request_timeout = "3s"
connect_timeout = "2s"

[[site]]
name = "wire"
url = "{url}"
extractor = "sitemap"
{extra}
)toml",
                                     fmt::arg("db", (m_dir / "newswatch.db").string()),
                                     fmt::arg("url", m_site.url(path)), fmt::arg("extra", extra)));
  }

  RunResult newswatch(std::vector<std::string> args) {
    args.push_back("-c");
    args.push_back(m_config);
    return run_binary(args, m_dir.path().string());
  }

  /// How many times the server was asked for `path` since the last reset.
  int requests_for(const std::string& path) {
    int n = 0;
    for (const auto& request : nlohmann::json::parse(http_get(m_site.url("/_control/log"))))
      n += request["path"] == path;
    return n;
  }

  /// Every stored item of the site: url -> title.
  std::map<std::string, std::string> stored() {
    RunResult items = newswatch({"items", "--site", "wire", "--json", "--limit", "100"});
    EXPECT_EQ(items.exit_code, 0) << items.err;
    std::map<std::string, std::string> out;
    std::istringstream lines(items.out);
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) {
        auto j = nlohmann::json::parse(line);
        out[j["url"]] = j["title"];
      }
    return out;
  }

  TempDir m_dir;
  Peer m_site;
  std::string m_config;
};

TEST_F(SitemapPipelineTest, IndexWithFourChildren_FetchesTheNewestThreeOneGzipped_StoresTheirRecentItems) {
  const std::string base = m_site.url("");
  serve("index.xml",
        fmt::format(R"(<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{0}/oldest.xml</loc><lastmod>{1}</lastmod></sitemap>
<sitemap><loc>{0}/world.xml.gz</loc><lastmod>{2}</lastmod></sitemap>
<sitemap><loc>{0}/politics.xml</loc><lastmod>{3}</lastmod></sitemap>
<sitemap><loc>{0}/sports.xml</loc><lastmod>{4}</lastmod></sitemap>
</sitemapindex>
)",
                    base, iso_ago(4 * k_hour), iso_ago(2 * k_hour), iso_ago(1 * k_hour), iso_ago(3 * k_hour)));
  serve("politics.xml", urlset(base, {{"/politics/vote.html", "Parliament votes on the budget", 10 * k_minute},
                                      {"/politics/archive.html", "A story from last week", 7 * k_day}}));
  serve("world.xml.gz", gzip_bytes(urlset(base, {{"/world/summit.html", "Summit opens in Geneva", 20 * k_minute},
                                                 {"/world/port.html", "Port strike ends", 30 * k_minute}})));
  serve("sports.xml", urlset(base, {{"/sports/final.html", "Cup final tonight", 40 * k_minute}}));
  serve("oldest.xml", urlset(base, {{"/oldest/never.html", "Never fetched", 50 * k_minute}}));
  write_config("/index.xml", "max_children = 3");

  RunResult run = newswatch({"once"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("wire: HTTP 200, 4 items, 4 new"), std::string::npos) << run.out;
  EXPECT_EQ(requests_for("/index.xml"), 1);
  EXPECT_EQ(requests_for("/politics.xml"), 1);
  EXPECT_EQ(requests_for("/world.xml.gz"), 1);
  EXPECT_EQ(requests_for("/sports.xml"), 1);
  EXPECT_EQ(requests_for("/oldest.xml"), 0);  // fourth newest of four: past max_children
  const auto items = stored();
  EXPECT_EQ(items, (std::map<std::string, std::string>{{base + "/politics/vote.html", "Parliament votes on the budget"},
                                                       {base + "/world/summit.html", "Summit opens in Geneva"},
                                                       {base + "/world/port.html", "Port strike ends"},
                                                       {base + "/sports/final.html", "Cup final tonight"}}));
  EXPECT_NE(run.err.find("follow-ups site=wire"), std::string::npos) << run.err;

  // The index is read again next crawl, children included, though none of it changed.
  http_post(m_site.url("/_control/reset"), "");
  RunResult again = newswatch({"once"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("wire: HTTP 200, 4 items, 0 new"), std::string::npos) << again.out;
  EXPECT_EQ(requests_for("/politics.xml"), 1);
  EXPECT_EQ(requests_for("/oldest.xml"), 0);
}

TEST_F(SitemapPipelineTest, FetchTitles_AsksArticlePagesOnlyForUntitledEntries_UpToTheCap) {
  const std::string base = m_site.url("");
  for (int i = 1; i <= 5; ++i)
    serve(fmt::format("a/{}.html", i),
          fmt::format("<html><head><title>Page {0} - Wire</title><meta property=\"og:title\" content=\"Headline {0}\">"
                      "</head><body><h1>H{0}</h1></body></html>",
                      i));
  std::vector<Entry> entries = {{"/a/1.html", "", 10 * k_minute},
                                {"/a/2.html", "Titled in the sitemap", 20 * k_minute},
                                {"/a/3.html", "", 30 * k_minute},
                                {"/a/4.html", "", 40 * k_minute}};
  serve("news.xml", urlset(base, entries));
  write_config("/news.xml", "fetch_titles = true\nmax_title_fetches = 2");

  RunResult run = newswatch({"once"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(requests_for("/a/1.html"), 1);  // the two newest untitled entries
  EXPECT_EQ(requests_for("/a/3.html"), 1);
  EXPECT_EQ(requests_for("/a/4.html"), 0);  // past the cap: its link stands in
  EXPECT_EQ(requests_for("/a/2.html"), 0);  // titled by the sitemap
  EXPECT_EQ(stored(), (std::map<std::string, std::string>{{base + "/a/1.html", "Headline 1"},
                                                          {base + "/a/2.html", "Titled in the sitemap"},
                                                          {base + "/a/3.html", "Headline 3"},
                                                          {base + "/a/4.html", base + "/a/4.html"}}));

  // A new untitled entry comes first; then the stored one still carrying its stand-in. Stored headlines stay.
  http_post(m_site.url("/_control/reset"), "");
  entries.insert(entries.begin(), Entry{"/a/5.html", "", 5 * k_minute});
  serve("news.xml", urlset(base, entries));
  RunResult again = newswatch({"once"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_EQ(requests_for("/a/5.html"), 1);
  EXPECT_EQ(requests_for("/a/4.html"), 1);
  EXPECT_EQ(requests_for("/a/1.html"), 0);
  EXPECT_EQ(requests_for("/a/3.html"), 0);
  const auto items = stored();
  EXPECT_EQ(items.at(base + "/a/5.html"), "Headline 5");
  EXPECT_EQ(items.at(base + "/a/4.html"), "Headline 4");
  EXPECT_EQ(items.at(base + "/a/1.html"), "Headline 1");
}

TEST_F(SitemapPipelineTest, WithoutFetchTitles_NoArticleIsAsked_AndTheLinkStandsIn) {
  const std::string base = m_site.url("");
  serve("news.xml", urlset(base, {{"/a/1.html", "", 10 * k_minute}}));
  serve("a/1.html", "<title>Never asked</title>");
  write_config("/news.xml", "");
  RunResult run = newswatch({"once"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(requests_for("/a/1.html"), 0);
  EXPECT_EQ(stored(), (std::map<std::string, std::string>{{base + "/a/1.html", base + "/a/1.html"}}));
}

TEST_F(SitemapPipelineTest, CheckConfig_ShowsTheSitemapSettings_AndRefusesOutOfRangeOnes) {
  serve("news.xml", urlset(m_site.url(""), {}));
  write_config("/news.xml", "recent = \"36h\"\nmax_children = 5\nfetch_titles = true");
  RunResult shown = newswatch({"check-config"});
  ASSERT_EQ(shown.exit_code, 0) << shown.out << shown.err;
  EXPECT_NE(shown.out.find("entries of the last 36h, up to 5 children of an index, titles from article pages: yes (at "
                           "most 10 a crawl)"),
            std::string::npos)
      << shown.out;
  write_config("/news.xml", "max_children = 0");
  RunResult refused = newswatch({"check-config"});
  EXPECT_EQ(refused.exit_code, 78) << refused.out << refused.err;
  EXPECT_NE(refused.err.find("max_children"), std::string::npos) << refused.err;
}

TEST_F(SitemapPipelineTest, ExtractOnASavedIndex_NamesTheChildrenACrawlWouldRead) {
  write_file(m_dir / "index.xml", fmt::format(R"(<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://wire.example/old.xml</loc><lastmod>{}</lastmod></sitemap>
<sitemap><loc>https://wire.example/new.xml</loc><lastmod>{}</lastmod></sitemap>
</sitemapindex>)",
                                              iso_ago(2 * k_hour), iso_ago(k_hour)));
  RunResult run = run_binary(
      {"extract", "--site", "sitemap", "--url", "https://wire.example/index.xml", (m_dir / "index.xml").string()},
      m_dir.path().string());
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;  // no items of its own
  const std::string first = "sitemap index: a crawl reads child https://wire.example/new.xml\n";
  const std::string second = "sitemap index: a crawl reads child https://wire.example/old.xml\n";
  ASSERT_NE(run.err.find(first), std::string::npos) << run.err;
  EXPECT_GT(run.err.find(second), run.err.find(first)) << run.err;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
