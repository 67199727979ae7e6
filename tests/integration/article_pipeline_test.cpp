// fetch_articles through the real binary, against the loopback fixture server: a feed lists the items, their
// article pages are served beside it (real-looking markup with a sidebar and a "related stories" rail), and
// the outbox is read back to see which alerts were queued and whether each says its article was unavailable.
// The first crawl is the baseline: it stores the items and fetches no article.

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "config/config.h"
#include "store/store.h"
#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

std::string feed(const std::string& base, const std::vector<std::pair<std::string, std::string>>& items) {
  std::string out = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title><link>" + base +
                    "/</link><description>d</description>";
  for (const auto& [path, title] : items)
    out += fmt::format("<item><title>{}</title><link>{}{}</link><description>Summary of {}.</description></item>",
                       title, base, path, title);
  return out + "</channel></rss>";
}

/// An article page: four paragraphs (the fourth names `fourth`), a sidebar and a related rail naming `aside`.
std::string article(const std::string& fourth, const std::string& aside) {
  return fmt::format(R"(<!DOCTYPE html><html><head><title>A story</title></head><body>
<header><nav><a href="/">Wire</a> <a href="/world">World</a></nav></header>
<main><article><h1>A story</h1>
<p>The first paragraph says what happened at the border crossing early on Monday morning.</p>
<p>The second paragraph gives the reaction of the ministry, which declined to comment further.</p>
<p>The third paragraph adds background on the talks that stalled two years ago in the capital.</p>
<p>The fourth paragraph quotes {} on what comes next for the negotiations and the region.</p>
<div class="share-bar"><a href="/share">Share</a></div>
</article>
<section class="related-stories"><h2>Related stories</h2><ul>
<li><a href="/r1">{} speaks at the party plenum about the coming harvest season</a></li></ul></section></main>
<aside class="sidebar"><p>Most read: {} profiled in a long interview about the years in the diplomatic service.</p>
<p>Also: {} and the succession, what analysts make of the latest appearance at a parade.</p></aside>
</body></html>)",
                     fourth, aside, aside, aside);
}

class ArticlePipelineTest : public ::testing::Test {
 protected:
  ArticlePipelineTest()
      : m_site("http_server.py", {m_dir.path().string() + "/site"}),
        m_receiver("webhook_receiver.py"),
        m_config((m_dir / "newswatch.toml").string()),
        m_database((m_dir / "newswatch.db").string()) {}

  void serve(const std::string& path, const std::string& bytes) { write_file(m_dir / "site" / path, bytes); }

  void write_config(const std::string& site_extra, const std::string& watches) {
    write_file(m_config, fmt::format(R"toml(
[service]
database = "{db}"
per_host_delay = "0s"
request_timeout = "5s"
connect_timeout = "2s"

[[site]]
name = "wire"
url = "{url}"
extractor = "feed"
{site_extra}

[[notify]]
name = "hook"
type = "webhook"
url = "{hook}"
{watches}
)toml",
                                     fmt::arg("db", m_database), fmt::arg("url", m_site.url("/feed.xml")),
                                     fmt::arg("site_extra", site_extra), fmt::arg("watches", watches),
                                     fmt::arg("hook", m_receiver.url("/hook"))));
  }

  RunResult newswatch(std::vector<std::string> args) {
    args.push_back("-c");
    args.push_back(m_config);
    return run_binary(args, m_dir.path().string());
  }

  int requests_for(const std::string& path) {
    int n = 0;
    for (const auto& request : nlohmann::json::parse(http_get(m_site.url("/_control/log"))))
      n += request["path"] == path;
    return n;
  }

  /// Alerts in the outbox: item title -> (watch, body_unavailable).
  std::multimap<std::string, std::pair<std::string, bool>> outbox() {
    auto store = open_sqlite_store(m_database, StoreAccess::read_only);
    EXPECT_TRUE(store) << store.error().message;
    std::multimap<std::string, std::pair<std::string, bool>> out;
    if (!store) return out;
    const auto rows = (*store)->alerts(std::nullopt, 100).value();
    for (const Alert& alert : rows) out.emplace(alert.item.title, std::make_pair(alert.watch, alert.body_unavailable));
    return out;
  }

  /// The stored article text of the item titled `title`.
  std::string stored_body(const std::string& title) {
    auto store = open_sqlite_store(m_database, StoreAccess::read_only);
    EXPECT_TRUE(store) << store.error().message;
    if (!store) return {};
    const auto rows = (*store)->items({}).value();
    for (const StoredItem& s : rows)
      if (s.item.title == title) return s.item.body;
    ADD_FAILURE() << "no item " << title;
    return {};
  }

  /// The baseline crawl of a feed holding one old story; then `items` are served as the next crawl's news.
  void baseline_then(const std::vector<std::pair<std::string, std::string>>& items) {
    const std::string base = m_site.url("");
    serve("feed.xml", feed(base, {{"/old.html", "An old story"}}));
    serve("old.html", article("nobody", "nobody"));
    RunResult first = newswatch({"once"});
    ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
    EXPECT_EQ(requests_for("/old.html"), 0) << "a baseline fetches no article";
    auto all = items;
    all.emplace_back("/old.html", "An old story");
    serve("feed.xml", feed(base, all));
  }

  TempDir m_dir;
  Peer m_site;
  Peer m_receiver;
  std::string m_config;
  std::string m_database;
};

TEST_F(ArticlePipelineTest, WordOnlyInTheFourthParagraph_AlertsOnce_WordOnlyInTheSidebar_DoesNot) {
  write_config("fetch_articles = true",
               "[[watch]]\nname = \"envoy\"\nquery = 'Zhukova'\nnotify = [\"hook\"]\n"
               "[[watch]]\nname = \"sidebar\"\nquery = 'Ivanenko'\nnotify = [\"hook\"]\n");
  baseline_then({{"/a/talks.html", "Talks resume at the border"}});
  serve("a/talks.html", article("Irina Zhukova", "Ivanenko"));
  RunResult run = newswatch({"once"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(requests_for("/a/talks.html"), 1);
  EXPECT_EQ(requests_for("/old.html"), 0) << "a stored item's article is not fetched again";

  const std::string body = stored_body("Talks resume at the border");
  EXPECT_NE(body.find("The fourth paragraph quotes Irina Zhukova"), std::string::npos) << body;
  EXPECT_EQ(body.find("Ivanenko"), std::string::npos) << body;
  EXPECT_NE(body.find("Monday morning.\n\nThe second paragraph"), std::string::npos) << body;

  auto hits = newswatch({"items", "--match", "Zhukova"});
  EXPECT_EQ(hits.exit_code, 0) << hits.err;
  EXPECT_NE(hits.out.find("Talks resume at the border"), std::string::npos) << hits.out;
  const auto alerts = outbox();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts.begin()->first, "Talks resume at the border");
  EXPECT_EQ(alerts.begin()->second, std::make_pair(std::string("envoy"), false));
}

TEST_F(ArticlePipelineTest, ArticleAnswering500OrTimingOut_AlertStillGoesOut_SayingTheBodyWasUnavailable) {
  write_config("fetch_articles = true\narticle_timeout = \"2s\"",
               "[[watch]]\nname = \"outage\"\nquery = 'outage'\nnotify = [\"hook\"]\n");
  baseline_then({{"/a/fine.html", "Outage report read"},
                 {"/status/500", "Outage report broken"},
                 {"/slow?seconds=60", "Outage report slow"}});
  serve("a/fine.html", article("an engineer", "nobody"));
  RunResult run = newswatch({"once"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.err.find("article timeout site=wire"), std::string::npos) << run.err;
  const auto alerts = outbox();
  ASSERT_EQ(alerts.size(), 3u);
  EXPECT_EQ(alerts.find("Outage report read")->second, std::make_pair(std::string("outage"), false));
  EXPECT_EQ(alerts.find("Outage report broken")->second, std::make_pair(std::string("outage"), true));
  EXPECT_EQ(alerts.find("Outage report slow")->second, std::make_pair(std::string("outage"), true));
  EXPECT_NE(stored_body("Outage report read").find("an engineer"), std::string::npos);
  EXPECT_EQ(stored_body("Outage report broken"), "");
}

TEST_F(ArticlePipelineTest, WatchWithFetchArticles_TurnsItOnForItsSite_AndTheCapLeavesTheRestUnread) {
  write_config("max_article_fetches = 1",
               "[[watch]]\nname = \"outage\"\nquery = 'outage'\nnotify = [\"hook\"]\nfetch_articles = true\n");
  baseline_then({{"/a/one.html", "Outage one"}, {"/a/two.html", "Outage two"}});
  serve("a/one.html", article("someone", "nobody"));
  serve("a/two.html", article("someone", "nobody"));
  RunResult run = newswatch({"once"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(requests_for("/a/one.html") + requests_for("/a/two.html"), 1);
  const auto alerts = outbox();
  ASSERT_EQ(alerts.size(), 2u);
  int unavailable = 0;
  for (const auto& [title, alert] : alerts) unavailable += alert.second;
  EXPECT_EQ(unavailable, 1);
}

TEST_F(ArticlePipelineTest, WithoutFetchArticles_NoArticleIsAsked) {
  write_config("", "[[watch]]\nname = \"outage\"\nquery = 'outage'\nnotify = [\"hook\"]\n");
  baseline_then({{"/a/one.html", "Outage one"}});
  serve("a/one.html", article("someone", "nobody"));
  RunResult run = newswatch({"once"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(requests_for("/a/one.html"), 0);
  const auto alerts = outbox();
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_FALSE(alerts.begin()->second.second);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
