// The auto extractor through the real binary: a site that names no extractor is
// crawled by `once` from the loopback fixture server and yields its listing;
// `extract` decodes a saved EUC-KR page as the crawler would; `extract --explain`
// says what auto chose and why, and its [site.selectors] pinned into a css site
// give the same items. The pages are hand-made (tests/fixtures/auto/,
// tests/fixtures/listings/handmade/).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/integration/harness.h"
#include "tests/support/files.h"
#include "tests/support/peer.h"

using namespace newswatch::test;

namespace {
namespace NEWSWATCH_FILE_ID {

std::vector<nlohmann::json> json_lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(AutoExtract, SiteWithoutExtractor_CrawledByOnce_YieldsTheListing) {
  TempDir dir;
  write_file(dir / "site" / "harbor.html", read_file(fixture_path("auto/harbor-herald-home.html")));
  Peer site("http_server.py", {(dir / "site").string()});
  const std::string config = (dir / "newswatch.toml").string();
  write_file(config, "[service]\ndatabase = \"" + (dir / "newswatch.db").string() +
                         "\"\nper_host_delay = \"0s\"\n\n[[site]]\nname = \"harbor\"\nurl = \"" +
                         site.url("/harbor.html") + "\"\n");
  RunResult once = run_binary({"once", "-c", config}, dir.path().string());
  ASSERT_EQ(once.exit_code, 0) << once.out << once.err;
  RunResult items = run_binary({"items", "--site", "harbor", "--json", "-c", config}, dir.path().string());
  ASSERT_EQ(items.exit_code, 0) << items.out << items.err;
  std::vector<nlohmann::json> rows = json_lines(items.out);
  ASSERT_EQ(rows.size(), 9u) << items.out;  // the lead story and the river's 8 cards
  bool bridge = false;
  for (const auto& row : rows) {
    std::string url = row.value("url", "");
    EXPECT_EQ(url.find("mayor-announces"), std::string::npos) << "the most-read rail: " << url;
    EXPECT_EQ(url.find("/author/"), std::string::npos) << url;
    bridge = bridge || row.value("title", "") == "Harbor bridge repairs will take two more years, engineers say";
  }
  EXPECT_TRUE(bridge) << items.out;
}

TEST(AutoExtract, SavedEucKrPage_DecodedAsTheCrawlerDoes) {
  TempDir dir;
  RunResult run = run_binary({"extract", "--site", "auto", "--url", "https://hanbit.example/",
                              fixture_path("listings/handmade/euc-kr-listing.html").string()},
                             dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  std::vector<nlohmann::json> rows = json_lines(run.out);
  ASSERT_EQ(rows.size(), 4u) << run.out;
  EXPECT_EQ(rows[0]["title"], "북한, 새 위성 발사 준비 정황 포착");
  EXPECT_EQ(rows[0]["url"], "https://hanbit.example/news/2024/03/18/1000");
  EXPECT_EQ(rows[0]["published"], "2024-03-18");
}

TEST(AutoExtract, Explain_SaysWhatWonAndWhy_AndItsSelectorsPinTheSameItems) {
  TempDir dir;
  const std::string page = fixture_path("auto/harbor-herald-home.html").string();
  const std::string url = "https://harborherald.example/";
  RunResult explain = run_binary({"extract", "--site", "auto", "--url", url, "--explain", page}, dir.path().string());
  ASSERT_EQ(explain.exit_code, 0) << explain.out << explain.err;
  EXPECT_NE(explain.out.find("Chosen group (the main listing):"), std::string::npos) << explain.out;
  EXPECT_NE(explain.out.find("section.river > article"), std::string::npos) << explain.out;
  EXPECT_NE(explain.out.find("left out: a rail"), std::string::npos) << explain.out;
  std::size_t block = explain.out.find("[site.selectors]\n");
  ASSERT_NE(block, std::string::npos) << explain.out;

  // Pinned into a css site, the printed selectors give the items auto gave.
  const std::string config = (dir / "pinned.toml").string();
  write_file(config, "[service]\ndatabase = \"" + (dir / "n.db").string() +
                         "\"\n\n[[site]]\nname = \"pinned\"\nurl = \"" + url + "\"\nextractor = \"css\"\n" +
                         explain.out.substr(block));
  RunResult by_css = run_binary({"extract", "-c", config, "--site", "pinned", page}, dir.path().string());
  RunResult by_auto = run_binary({"extract", "--site", "auto", "--url", url, page}, dir.path().string());
  ASSERT_EQ(by_css.exit_code, 0) << by_css.out << by_css.err;
  std::vector<nlohmann::json> css = json_lines(by_css.out), automatic = json_lines(by_auto.out);
  ASSERT_EQ(css.size(), automatic.size()) << by_css.out;
  for (std::size_t i = 0; i < css.size(); ++i) {
    EXPECT_EQ(css[i]["url"], automatic[i]["url"]);
    EXPECT_EQ(css[i]["title"], automatic[i]["title"]);
  }
}

TEST(AutoExtract, ExplainForAnotherExtractor_IsAUsageError) {
  TempDir dir;
  RunResult run =
      run_binary({"extract", "--site", "nknews", "--explain", fixture_path("nknews/homepage-2020-05-29.html").string()},
                 dir.path().string());
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_NE(run.err.find("--explain is for the auto extractor, not \"nknews\""), std::string::npos) << run.err;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
