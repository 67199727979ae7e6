// End to end through the real binary: crawl three sites on loopback, store,
// match, deliver to a real webhook receiver.

#include <set>

#include "alerts/delivery.h"
#include "store/store.h"
#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

std::set<std::string> titles_of(const std::vector<nlohmann::json>& posts) {
  std::set<std::string> titles;
  for (const auto& post : posts) titles.insert(post["item"]["title"].get<std::string>());
  return titles;
}

TEST_F(PipelineTest, FirstCrawlIsBaseline_AlertsOnNothing) {
  RunResult run = newswatch({"once"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("nknews: HTTP 200"), std::string::npos) << run.out << run.err;
  EXPECT_NE(run.out.find("baseline"), std::string::npos) << run.out;
  EXPECT_TRUE(received().empty());
}

TEST_F(PipelineTest, SecondPass_AlertsExactlyOnNewMatchingItems) {
  RunResult run = crawl_baseline_then_new_items();
  if (HasFailure()) return;

  std::set<std::string> expected = {
      // nkjournal: the six newest press releases are new; two are about Israel and North Korea
      "North Korea Condemns Israel’s Military Operations in Gaza",
      "North Korea Slams Israel's Intent to Annex Palestinian Territories",
      // nknews: June 2021 listing, every item new; four mention the party plenum
      "Kim closes party meeting with plea for loyalty, vows to overcome ‘difficulties’",
      "North Korea should prepare for both talks and confrontation with US, says Kim",
      "North Korean officials preparing strict economic plan for second half of 2021",
      "Kim Jong Un admits food security issues as party plenum event kicks off",
  };
  auto posts = delivered();
  EXPECT_EQ(titles_of(posts), expected);
  EXPECT_EQ(posts.size(), expected.size()) << "each alert exactly once";
}

TEST_F(PipelineTest, Webhook_CarriesContractHeadersAndValidSignature) {
  crawl_baseline_then_new_items();
  if (HasFailure()) return;
  auto posts = received();
  ASSERT_FALSE(posts.empty());
  for (const auto& post : posts) {
    const auto& headers = post["headers"];
    EXPECT_EQ(headers.value("Content-Type", ""), "application/json");
    EXPECT_EQ(headers.value("X-Newswatch-Event", ""), "item.matched");
    EXPECT_EQ(headers.value("User-Agent", "").rfind("newswatch/", 0), 0u);
    auto body = nlohmann::json::parse(post["body"].get<std::string>());
    EXPECT_EQ(headers.value("X-Newswatch-Delivery", ""), body["delivery"].get<std::string>());
    EXPECT_EQ(headers.value("X-Newswatch-Signature", ""),
              "sha256=" + hmac_sha256_hex("s3cret", post["body"].get<std::string>()));
    EXPECT_EQ(body["event"], "item.matched");
    EXPECT_TRUE(body["item"].contains("url"));
    EXPECT_TRUE(body["story"].contains("sources"));
  }
}

TEST_F(PipelineTest, UnchangedPass_SendsNothing_AndFetchesConditionally) {
  crawl_baseline_then_new_items();
  if (HasFailure()) return;
  auto before = received().size();
  http_post(m_site.url("/_control/reset"), "");
  RunResult run = newswatch({"once"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(received().size(), before);
  EXPECT_NE(run.out.find("nknews: unchanged (HTTP 304)"), std::string::npos) << run.out;
  int conditional = 0;
  for (const auto& request : nlohmann::json::parse(http_get(m_site.url("/_control/log"))))
    if (request["headers"].contains("If-None-Match")) ++conditional;
  EXPECT_EQ(conditional, 3) << "every site page is fetched with its ETag";
}

TEST_F(PipelineTest, EditedHeadline_IsRevisionNotNewItem) {
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  std::string page = read_file(m_dir / "site/nkjournal.html");
  const std::string old_title = "Russia Praises North Korea for Role in Kursk";
  auto at = page.find(old_title);
  ASSERT_NE(at, std::string::npos);
  page.replace(at, old_title.size(), "Russia Praises North Korea for Its Role in Kursk");
  write_file(m_dir / "site/nkjournal.html", page);
  RunResult run = newswatch({"once", "--site", "nkjournal"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("0 new, 1 revised"), std::string::npos) << run.out;
  RunResult items = newswatch({"items", "--site", "nkjournal", "--limit", "1000", "--json"});
  EXPECT_NE(items.out.find("for Its Role in Kursk"), std::string::npos);
  EXPECT_EQ(items.out.find("\"title\":\"" + old_title + "\""), std::string::npos);
}

TEST_F(PipelineTest, FailingSite_ExitsOne_OtherSitesStillStored) {
  write_config(R"toml(
[[site]]
name = "gone"
url = "http://127.0.0.1:1/nothing-listens-here"
extractor = "nknews"

[[site]]
name = "missing"
url = ")toml" + m_site.url("/status/404") +
               R"toml("
extractor = "nknews"

[[site]]
name = "pdf"
url = ")toml" + m_site.url("/big?bytes=10") +
               R"toml("
extractor = "nknews"
)toml");
  RunResult run = newswatch({"once"});
  EXPECT_EQ(run.exit_code, 1) << run.out;
  EXPECT_NE(run.out.find("gone: FAILED"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("missing: FAILED HTTP 404 from " + m_site.url("/status/404")), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("pdf: FAILED"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("nknews: HTTP 200, 10 items"), std::string::npos) << run.out;
  RunResult status = newswatch({"status", "--json"});
  auto sites = nlohmann::json::parse(status.out)["sites"];
  for (const auto& site : sites) {
    if (site["site"] == "missing") {
      // Recorded, but `once` by hand does not grow the service's backoff streak (backoff_recovery_test.cpp).
      EXPECT_EQ(site["consecutive_failures"], 0);
      EXPECT_EQ(site["last_error"], "HTTP 404 from " + m_site.url("/status/404"));
    }
  }
}

TEST_F(PipelineTest, EmptyPage_IsReportedAsUnhealthy_NotACrash) {
  write_file(m_dir / "site/nknews.html", read_file(fixture_path("nknews/redirect-301-nknews.org.html")));
  RunResult run = newswatch({"once"});
  EXPECT_EQ(run.exit_code, 1) << "no items on a 200 page is a failure of that site";
  EXPECT_NE(run.out.find("UNHEALTHY: no items"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("extractor health site=nknews"), std::string::npos) << run.err;
  RunResult status = newswatch({"status"});
  EXPECT_NE(status.out.find("no items on a 200 page"), std::string::npos) << status.out;
  RunResult again = newswatch({"once"});
  EXPECT_EQ(again.exit_code, 1) << "an unchanged page does not hide a broken extractor\n" << again.out;
  EXPECT_NE(again.out.find("nknews: unchanged (HTTP 304) — UNHEALTHY"), std::string::npos) << again.out;
}

// The line `once` printed for `site` ("SITE: ..."), whatever order the sites finished in; "" when none.
std::string line_of(const std::string& out, const std::string& site) {
  const std::string start = site + ": ";
  for (std::size_t at = 0; at < out.size();) {
    const std::size_t end = std::min(out.find('\n', at), out.size());
    if (out.compare(at, start.size(), start) == 0) return out.substr(at, end - at);
    at = end + 1;
  }
  return "";
}

// Runs `once` with the robots.txt already written and checks what RobotsTxtDisallow expects: nkjournal is
// refused by our group with the path named, the others are crawled, robots.txt is fetched once.
void expect_only_nkjournal_disallowed(const RunResult& run, const std::string& origin) {
  EXPECT_EQ(run.exit_code, 1) << run.out;
  // Fresh or cached verdict alike: which site asked first must not change the message.
  EXPECT_EQ(line_of(run.out, "nkjournal")
                .rfind("nkjournal: FAILED disallowed by " + origin + "/robots.txt for path /nkjournal.html", 0),
            0u)
      << run.out;
  EXPECT_EQ(line_of(run.out, "nknews").rfind("nknews: HTTP 200", 0), 0u) << "our group allows the rest\n" << run.out;
  EXPECT_EQ(line_of(run.out, "joongang-nk").rfind("joongang-nk: HTTP 200", 0), 0u) << run.out;
  int robots_fetches = 0;
  for (const auto& request : nlohmann::json::parse(http_get(origin + "/_control/log"))) {
    EXPECT_NE(request["path"], "/nkjournal.html") << "a disallowed page was requested";
    robots_fetches += request["path"] == "/robots.txt";
  }
  EXPECT_EQ(robots_fetches, 1) << "robots.txt is fetched once per origin, not once per site";
}

TEST_F(PipelineTest, RobotsTxtDisallow_PageIsNeverFetched_OtherPagesAre) {
  write_file(m_dir / "site/robots.txt", "User-agent: newswatch\nDisallow: /nkjournal\n\nUser-agent: *\nDisallow: /\n");
  expect_only_nkjournal_disallowed(newswatch({"once"}), m_site.url(""));
}

TEST_F(PipelineTest, RobotsTxtOver512KiB_FirstPartIsObeyed_SiteIsNotBlocked) {
  std::string robots = "User-agent: newswatch\nDisallow: /nkjournal\n";
  while (robots.size() < 600 * 1024) robots += "# a generated robots.txt longer than the 512 KiB we download\n";
  robots += "Disallow: /\n";  // beyond 500 KiB: never read
  write_file(m_dir / "site/robots.txt", robots);
  expect_only_nkjournal_disallowed(newswatch({"once"}), m_site.url(""));
}

TEST_F(PipelineTest, RedirectedSite_StillFetchesConditionally) {
  write_config(R"toml(
[[site]]
name = "moved"
url = ")toml" + m_site.url("/redirect?to=") +
               m_site.url("/nknews.html") + R"toml("
extractor = "nknews"
)toml");
  ASSERT_EQ(newswatch({"once", "--site", "moved"}).exit_code, 0);
  RunResult again = newswatch({"once", "--site", "moved"});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("moved: unchanged (HTTP 304)"), std::string::npos) << again.out;
}

TEST_F(PipelineTest, BadConfig_ExitsSeventyEight_WithLocation) {
  write_file(m_config, "[service]\nconcurrency = \"many\"\n");
  RunResult run = newswatch({"check-config"});
  EXPECT_EQ(run.exit_code, 78);
  EXPECT_NE(run.err.find(m_config + ":2:"), std::string::npos) << run.err;
}

TEST_F(PipelineTest, CheckConfig_LowerCaseOrInAWatch_IsALocatedWarning_AndTheConfigIsOk) {
  write_file(m_config,
             "[[site]]\nname = \"nk\"\nurl = \"https://www.nknews.org/\"\nextractor = \"nknews\"\n"
             "[[watch]]\nname = \"w\"\nquery = 'Russia or Moscow'\n");
  RunResult run = newswatch({"check-config"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(m_config + ":7:9: warning: watch 'w': 'or' is searched as a word"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("did you mean OR?"), std::string::npos) << run.out;
  RunResult match = newswatch({"match", "Russia or Moscow"});
  EXPECT_NE(match.err.find("newswatch match: warning: 'or' is searched as a word"), std::string::npos) << match.err;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
