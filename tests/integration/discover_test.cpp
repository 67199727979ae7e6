// discover through the real binary, against the loopback fixture server: a
// site (tests/fixtures/discover/harbor-listing.html, hand-made) with a feed
// its page names, a news sitemap its robots.txt names, and a listing auto
// reads; robots.txt honoured for guessed paths (checked in the server's log);
// --add appending a block check-config accepts, or leaving the file byte for
// byte as it was; and the address policy refusing a candidate on another host.

#include <ctime>

#include <fmt/format.h>

#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

std::string rfc822(std::time_t t) {
  char text[64];
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return text;
}

std::string iso(std::time_t t) {
  char text[64];
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

/// A feed of `count` entries, the newest an hour old: dates stay recent whenever the test runs.
std::string recent_rss(int count) {
  const std::time_t now = std::time(nullptr);
  std::string out = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Gazette</title>\n";
  for (int i = 0; i < count; ++i)
    out += fmt::format(
        "<item><title>Story number {} from the harbor</title><link>/news/story-{}</link>"
        "<pubDate>{}</pubDate></item>\n",
        i, i, rfc822(now - 3600 * (i + 1)));
  return out + "</channel></rss>\n";
}

std::string recent_news_sitemap(int count) {
  const std::time_t now = std::time(nullptr);
  std::string out =
      "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
      "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n";
  for (int i = 0; i < count; ++i)
    out += fmt::format(
        "<url><loc>/news/story-{}</loc><news:news><news:title>Story {}</news:title>"
        "<news:publication_date>{}</news:publication_date></news:news></url>\n",
        i, i, iso(now - 1800 * (i + 1)));
  return out + "</urlset>\n";
}

const char* k_existing_config = R"toml(# the analyst's config: comments and spacing must survive --add
[service]
database = "{db}"
per_host_delay = "0s"   # loopback tests
request_timeout = "5s"
connect_timeout = "2s"

[[site]]
name = "gazette-old"
url = "{old}"
extractor = "auto"
)toml";

class DiscoverTest : public ::testing::Test {
 protected:
  DiscoverTest()
      : m_site("http_server.py", {m_dir.path().string() + "/site"}), m_config((m_dir / "newswatch.toml").string()) {
    m_listing = read_file(fixture_path("discover/harbor-listing.html"));
    serve("local.html", m_listing);
    serve("feed.xml", recent_rss(12));
    serve("sitemap_news.xml", recent_news_sitemap(30));
    serve("robots.txt", "User-agent: *\nDisallow: /private/\nSitemap: " + m_site.url("/sitemap_news.xml") + "\n");
    write_file(m_config, fmt::format(fmt::runtime(k_existing_config), fmt::arg("db", (m_dir / "nw.db").string()),
                                     fmt::arg("old", m_site.url("/old.html"))));
  }

  void serve(const std::string& path, const std::string& content) { write_file(m_dir / "site" / path, content); }

  RunResult newswatch(const std::vector<std::string>& args) { return run_binary(args, m_dir.path().string()); }

  /// The paths the fixture server was asked for, and the Host headers they came with.
  std::vector<std::string> requested(const std::string& field = "path") {
    std::vector<std::string> out;
    for (const auto& request : nlohmann::json::parse(http_get(m_site.url("/_control/log"))))
      out.push_back(field == "path" ? request["path"].get<std::string>() : request["headers"].value("Host", ""));
    return out;
  }

  TempDir m_dir;
  Peer m_site;
  std::string m_config;
  std::string m_listing;
};

TEST_F(DiscoverTest, SiteWithFeedSitemapAndListing_ListsTheThreeKindsBestFirst) {
  RunResult run = newswatch({"discover", m_site.url("/local.html"), "-c", m_config, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto report = nlohmann::json::parse(run.out);
  const auto& sources = report["sources"];
  ASSERT_GE(sources.size(), 3u) << run.out;
  EXPECT_EQ(sources[0]["kind"], "feed");
  EXPECT_EQ(sources[0]["url"], m_site.url("/feed.xml"));
  EXPECT_EQ(sources[0]["entries"], 12);
  EXPECT_EQ(sources[0]["summary"], "feed: 12 entries, newest 1 h ago");
  EXPECT_EQ(sources[0]["site"]["extractor"], "feed");
  EXPECT_EQ(sources[0]["site"]["name"], "127.0.0.1-feed");
  EXPECT_EQ(sources[1]["kind"], "sitemap");
  EXPECT_EQ(sources[1]["url"], m_site.url("/sitemap_news.xml"));
  EXPECT_EQ(sources[1]["found_by"], "robots.txt Sitemap:");
  EXPECT_EQ(sources[1]["recent"], 30);
  EXPECT_EQ(sources[2]["kind"], "page");
  EXPECT_EQ(sources[2]["entries"], 5);
  EXPECT_EQ(sources[2]["site"]["extractor"], "auto");
  EXPECT_LE(report["requests"].get<int>(), 15);
  // The page named a feed: no common feed path was guessed.
  for (const std::string& path : requested()) EXPECT_NE(path, "/feed") << path;

  RunResult text = newswatch({"discover", m_site.url("/local.html"), "-c", m_config});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find(" 1. feed    " + m_site.url("/feed.xml")), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("[[site]]\nname = \"127.0.0.1-feed\"\nurl = \"" + m_site.url("/feed.xml") +
                          "\"\nextractor = \"feed\"\ninterval = \"10m\"\n"),
            std::string::npos)
      << text.out;
}

TEST_F(DiscoverTest, RobotsTxtDisallowsTheFeedPaths_TheyAreNeverFetched) {
  std::string plain = m_listing;
  const std::size_t link = plain.find("<link rel=\"alternate\" type=\"application/rss+xml\"");
  plain.erase(link, plain.find('>', link) + 1 - link);  // the page names no feed now
  ASSERT_EQ(plain.find("rss+xml"), std::string::npos);
  serve("local.html", plain);
  serve("robots.txt", "User-agent: *\nDisallow: /feed\n");
  RunResult run = newswatch({"discover", m_site.url("/local.html"), "-c", m_config, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  bool refused = false;
  const auto report = nlohmann::json::parse(run.out);  // kept: a loop over a temporary's member dangles
  for (const auto& source : report["sources"])
    if (source["url"] == m_site.url("/feed")) {
      refused = true;
      EXPECT_FALSE(source["ok"].get<bool>());
      EXPECT_NE(source["failure"].get<std::string>().find("robots.txt"), std::string::npos) << source.dump();
    }
  EXPECT_TRUE(refused) << run.out;
  for (const std::string& path : requested()) EXPECT_NE(path.rfind("/feed", 0), 0u) << "fetched " << path;
}

TEST_F(DiscoverTest, Add_AppendsTheBestBlockKeepingTheFile_AndCheckConfigPasses) {
  const std::string before = read_file(m_config);
  RunResult run = newswatch({"discover", m_site.url("/local.html"), "--add", m_config});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("added site '127.0.0.1-feed' (feed " + m_site.url("/feed.xml") + ")"), std::string::npos)
      << run.out;
  const std::string after = read_file(m_config);
  ASSERT_EQ(after.substr(0, before.size()), before);
  EXPECT_EQ(after.substr(before.size()), "\n[[site]]\nname = \"127.0.0.1-feed\"\nurl = \"" + m_site.url("/feed.xml") +
                                             "\"\nextractor = \"feed\"\ninterval = \"10m\"\n");
  RunResult check = newswatch({"check-config", "-c", m_config});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.out.find("site 127.0.0.1-feed (feed) every 10m"), std::string::npos) << check.out;

  // --pick 3: the page under auto, a second site beside the first.
  RunResult page = newswatch({"discover", m_site.url("/local.html"), "--add", m_config, "--pick", "3"});
  ASSERT_EQ(page.exit_code, 0) << page.out << page.err;
  EXPECT_NE(read_file(m_config).find("name = \"127.0.0.1-page\"\nurl = \"" + m_site.url("/local.html") +
                                     "\"\nextractor = \"auto\""),
            std::string::npos);
}

TEST_F(DiscoverTest, AddWithANameTaken_Exit78AndTheFileUnchangedByteForByte) {
  const std::string before = read_file(m_config);
  RunResult run = newswatch({"discover", m_site.url("/local.html"), "--add", m_config, "--name", "gazette-old"});
  EXPECT_EQ(run.exit_code, 78) << run.out << run.err;
  EXPECT_NE(run.err.find("already has a site named 'gazette-old'"), std::string::npos) << run.err;
  EXPECT_EQ(read_file(m_config), before);
}

TEST_F(DiscoverTest, AddTheSameUrlTwice_TheSecondIsRefusedAndTheFileUnchanged) {
  ASSERT_EQ(newswatch({"discover", m_site.url("/local.html"), "--add", m_config}).exit_code, 0);
  const std::string once = read_file(m_config);
  RunResult again = newswatch({"discover", m_site.url("/local.html"), "--add", m_config});
  EXPECT_EQ(again.exit_code, 78) << again.out << again.err;
  EXPECT_NE(again.err.find("already watches " + m_site.url("/feed.xml") + " (site '127.0.0.1-feed')"),
            std::string::npos)
      << again.err;
  EXPECT_EQ(read_file(m_config), once);
}

TEST_F(DiscoverTest, AddToAConfigCheckConfigRejects_Exit78WithItsErrorsAndTheFileUnchanged) {
  const std::string broken = read_file(m_config) + "\n[[watch]]\nname = \"w\"\nquery = \"(unclosed\"\n";
  write_file(m_config, broken);
  RunResult run = newswatch({"discover", m_site.url("/local.html"), "--add", m_config});
  EXPECT_EQ(run.exit_code, 78) << run.out << run.err;
  EXPECT_NE(run.err.find(m_config + ":"), std::string::npos) << run.err;
  EXPECT_EQ(read_file(m_config), broken);
}

TEST_F(DiscoverTest, AFeedOnAnotherLoopbackHost_IsRefusedByTheAddressPolicy) {
  // The page is trusted on 127.0.0.1 (private_networks = site_only); "localhost" is another host.
  std::string page = m_listing;
  const std::string other = fmt::format("http://localhost:{}/feed.xml", m_site.port());
  page.replace(page.find("href=\"/feed.xml\""), 16, "href=\"" + other + "\"");
  serve("local.html", page);
  RunResult run = newswatch({"discover", m_site.url("/local.html"), "-c", m_config, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  bool listed = false;
  const auto report = nlohmann::json::parse(run.out);  // kept: a loop over a temporary's member dangles
  for (const auto& source : report["sources"])
    if (source["url"] == other) {
      listed = true;
      EXPECT_FALSE(source["ok"].get<bool>());
      EXPECT_NE(source["failure"].get<std::string>().find("private_networks"), std::string::npos) << source.dump();
    }
  EXPECT_TRUE(listed) << run.out;
  for (const std::string& host : requested("host")) EXPECT_EQ(host, fmt::format("127.0.0.1:{}", m_site.port()));
}

TEST_F(DiscoverTest, SavedFileAlone_SendsNoRequestAndListsThePageAndItsNamedFeed) {
  const std::string saved = (m_dir / "saved.html").string();
  write_file(saved, m_listing);
  RunResult run = newswatch({"discover", "--file", saved, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto report = nlohmann::json::parse(run.out);
  EXPECT_EQ(report["url"], "https://harborgazette.example/local/");
  EXPECT_EQ(report["requests"], 0);
  EXPECT_EQ(report["sources"][0]["kind"], "page");
  EXPECT_EQ(report["sources"][1]["url"], "https://harborgazette.example/feed.xml");
  EXPECT_FALSE(report["sources"][1]["checked"].get<bool>());
  EXPECT_TRUE(requested().empty());
}

TEST_F(DiscoverTest, PageBehindARedirect_IsReadAndNamedWhereItLanded) {
  RunResult run = newswatch({"discover", m_site.url("/redirect?to=/local.html"), "-c", m_config, "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto report = nlohmann::json::parse(run.out);
  EXPECT_EQ(report["url"], m_site.url("/local.html"));
  EXPECT_EQ(report["sources"][0]["url"], m_site.url("/feed.xml"));
  EXPECT_EQ(report["sources"][2]["site"]["url"], m_site.url("/local.html"));
}

TEST_F(DiscoverTest, NotAUrl_IsAUsageErrorSayingSo) {
  RunResult run = newswatch({"discover", "example dot com"});
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("not an http(s) URL: example dot com"), std::string::npos) << run.err;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
