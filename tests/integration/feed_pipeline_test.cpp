// Feeds through the real binary: an RSS feed served by the loopback fixture
// server, crawled with `once` (extractor = "feed"), stored, fetched again
// conditionally (304) or skipped as the same bytes, and a new entry that
// matches a watch delivered to the loopback webhook receiver.

#include <fmt/format.h>

#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

struct Entry {
  std::string title, path, guid;
};

std::string rss(const std::vector<Entry>& entries, bool with_links = true) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>"
      "<title>Wire</title><link>/</link>\n";
  int hour = 10;
  for (const Entry& e : entries) {
    out += fmt::format(
        "<item><title>{}</title>{}<guid isPermaLink=\"false\">{}</guid>"
        "<pubDate>Mon, 04 Mar 2024 {}:00:00 GMT</pubDate><description>&lt;p&gt;About {}&lt;/p&gt;"
        "</description></item>\n",
        e.title, with_links ? "<link>" + e.path + "</link>" : "", e.guid, hour--, e.title);
  }
  return out + "</channel></rss>\n";
}

const std::vector<Entry> k_before = {
    {"Markets open higher", "/news/2024/03/04/markets", "w-1"},
    {"Rain expected in the north", "/news/2024/03/04/rain", "w-2"},
    {"Council approves budget", "/news/2024/03/04/budget", "w-3"},
};

class FeedPipelineTest : public ::testing::Test {
 protected:
  FeedPipelineTest()
      : m_site("http_server.py", {m_dir.path().string() + "/site"}),
        m_receiver("webhook_receiver.py"),
        m_config((m_dir / "newswatch.toml").string()) {
    serve(rss(k_before));
    write_config("/feed.xml");
  }

  void serve(const std::string& feed) { write_file(m_dir / "site" / "feed.xml", feed); }

  void write_config(const std::string& path) {
    write_file(m_config, fmt::format(R"toml(
[service]
database = "{db}"
per_host_delay = "0s"
request_timeout = "3s"
connect_timeout = "2s"

[[site]]
name = "wire"
url = "{url}"
extractor = "feed"

[[watch]]
name = "plenum"
query = 'plenum'
notify = ["hook"]

[[notify]]
name = "hook"
type = "webhook"
url = "{hook}"
secret = "s3cret"
)toml",
                                     fmt::arg("db", (m_dir / "newswatch.db").string()),
                                     fmt::arg("url", m_site.url(path)), fmt::arg("hook", m_receiver.url("/hook"))));
  }

  RunResult newswatch(std::vector<std::string> args) {
    args.push_back("-c");
    args.push_back(m_config);
    return run_binary(args, m_dir.path().string());
  }

  std::vector<nlohmann::json> delivered() {
    std::vector<nlohmann::json> out;
    for (const auto& post : nlohmann::json::parse(http_get(m_receiver.url("/_received"))))
      if (post.value("mode", "") == "ok") out.push_back(nlohmann::json::parse(post["body"].get<std::string>()));
    return out;
  }

  TempDir m_dir;
  Peer m_site;
  Peer m_receiver;
  std::string m_config;
};

TEST_F(FeedPipelineTest, FirstCrawl_StoresTheFeedsItemsWithResolvedLinks) {
  RunResult run = newswatch({"once"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("wire: HTTP 200, 3 items, 3 new"), std::string::npos) << run.out;
  RunResult items = newswatch({"items", "--site", "wire", "--json"});
  ASSERT_EQ(items.exit_code, 0) << items.err;
  EXPECT_NE(items.out.find("\"url\":\"" + m_site.url("/news/2024/03/04/markets") + "\""), std::string::npos)
      << items.out;
  EXPECT_NE(items.out.find("\"summary\":\"About Markets open higher\""), std::string::npos) << items.out;
  EXPECT_NE(items.out.find("\"published\":\"2024-03-04T10:00:00+00:00\""), std::string::npos) << items.out;
}

TEST_F(FeedPipelineTest, SecondCrawlOfAnUnchangedFeed_IsAConditional304) {
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  http_post(m_site.url("/_control/reset"), "");
  RunResult run = newswatch({"once"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("wire: unchanged (HTTP 304)"), std::string::npos) << run.out;
  int feed_requests = 0;
  for (const auto& request : nlohmann::json::parse(http_get(m_site.url("/_control/log")))) {
    if (request["path"] != "/feed.xml") continue;  // robots.txt is asked too
    ++feed_requests;
    EXPECT_TRUE(request["headers"].contains("If-None-Match")) << request.dump();
  }
  EXPECT_EQ(feed_requests, 1);
}

TEST_F(FeedPipelineTest, SameBytesFromAServerWithoutValidators_AreNotParsedAgain) {
  write_config("/novalidators/feed.xml");
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  RunResult run = newswatch({"once"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("wire: unchanged (HTTP 200)"), std::string::npos) << run.out;
}

TEST_F(FeedPipelineTest, NewEntryMatchingAWatch_IsDeliveredOnce) {
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  EXPECT_TRUE(delivered().empty()) << "the first crawl is a baseline";
  std::vector<Entry> after = k_before;
  after.insert(after.begin(), Entry{"Party plenum opens in the capital", "/news/2024/03/05/plenum", "w-4"});
  serve(rss(after));
  RunResult run = newswatch({"once"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("wire: HTTP 200, 4 items, 1 new"), std::string::npos) << run.out;
  auto posts = delivered();
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0]["item"]["title"], "Party plenum opens in the capital");
  EXPECT_EQ(posts[0]["item"]["url"], m_site.url("/news/2024/03/05/plenum"));
}

TEST_F(FeedPipelineTest, FeedWithoutLinks_IsKnownByGuid_AndStatusSaysSo) {
  serve(rss(k_before, /*with_links=*/false));
  RunResult run = newswatch({"once"});
  EXPECT_EQ(run.exit_code, 0) << "a GUID-keyed feed is not a failing site\n" << run.out << run.err;
  EXPECT_NE(run.out.find("wire: HTTP 200, 3 items, 3 new"), std::string::npos) << run.out;
  RunResult status = newswatch({"status"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("ok; identity: guid (links unusable) for 3 of 3 entries"), std::string::npos) << status.out;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
