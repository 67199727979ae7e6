// JSON Feed through the real binary: discover finds it by the page's <link rel="alternate"
// type="application/feed+json">, reads it with the feed extractor and ranks it first, and `once` crawls
// the block it prints. The page is tests/fixtures/discover/harbor-listing.html (hand-made) with its RSS link
// swapped for a JSON Feed one; the feed is generated here with dates relative to now.

#include <ctime>

#include <fmt/format.h>

#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

std::string json_feed(int count) {
  nlohmann::json items = nlohmann::json::array();
  for (int i = 0; i < count; ++i)
    items.push_back({{"id", fmt::format("story-{}", i)},
                     {"url", fmt::format("/news/json-story-{}", i)},
                     {"title", fmt::format("Harbor story number {} from the JSON feed", i)},
                     {"content_html", "<p>Text of the story.</p>"},
                     {"date_published", iso_ago(3600 * (i + 1))},
                     {"authors", {{{"name", "Mara Lindqvist"}}}}});
  return nlohmann::json{{"version", "https://jsonfeed.org/version/1.1"}, {"title", "Harbor Gazette"}, {"items", items}}
      .dump();
}

TEST(DiscoverJsonFeed, NamedByThePage_ReadRankedFirst_AndItsBlockCrawls) {
  TempDir dir;
  Peer site("http_server.py", {(dir / "site").string()});
  std::string page = read_file(fixture_path("discover/harbor-listing.html"));
  const std::string rss = "type=\"application/rss+xml\" title=\"Harbor Gazette &raquo; Feed\" href=\"/feed.xml\"";
  page.replace(page.find(rss), rss.size(),
               "type=\"application/feed+json\" title=\"Harbor Gazette\" href=\"/feed.json\"");
  write_file(dir / "site" / "local.html", page);
  write_file(dir / "site" / "feed.json", json_feed(7));

  RunResult run = run_binary({"discover", site.url("/local.html"), "--json"}, dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const auto best = nlohmann::json::parse(run.out)["sources"][0];
  EXPECT_EQ(best["url"], site.url("/feed.json"));
  EXPECT_EQ(best["ok"], true) << best.dump();
  EXPECT_EQ(best["summary"], "feed: 7 entries, newest 1 h ago");
  EXPECT_EQ(best["site"]["extractor"], "feed");

  const std::string config = (dir / "newswatch.toml").string();
  write_file(config, fmt::format("[service]\ndatabase = \"{}\"\nper_host_delay = \"0s\"\n\n[[site]]\nname = \"{}\"\n"
                                 "url = \"{}\"\nextractor = \"feed\"\n",
                                 (dir / "nw.db").string(), best["site"]["name"].get<std::string>(),
                                 best["site"]["url"].get<std::string>()));
  RunResult once = run_binary({"once", "-c", config}, dir.path().string());
  ASSERT_EQ(once.exit_code, 0) << once.out << once.err;
  EXPECT_NE(once.out.find("HTTP 200, 7 items, 7 new"), std::string::npos) << once.out;
  RunResult items = run_binary({"items", "--json", "-c", config}, dir.path().string());
  EXPECT_NE(items.out.find("\"url\":\"" + site.url("/news/json-story-0") + "\""), std::string::npos) << items.out;
  EXPECT_NE(items.out.find("Harbor story number 0 from the JSON feed"), std::string::npos) << items.out;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
