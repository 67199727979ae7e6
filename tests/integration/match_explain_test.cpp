// `newswatch match` explains itself, through the real binary: --watch runs a
// configured watch as the service would (its query, sites and the aliases),
// each hit shows the words each term matched as the item writes them, and
// --why-not URL says which part of the query one stored item fails.

#include <algorithm>

#include <fmt/format.h>

#include "store/sqlite.h"
#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

// A hand-written site beside the harness's three: two items whose words we choose.
constexpr const char* k_hand_page = R"html(<ul>
<li><a href="/hand/envoy">Pyongyang’s envoy visits Kursk</a><p>Talks on trade.</p></li>
<li><a href="/hand/podcast">Pyongyang’s podcast on Kursk</a><p>Episode 12.</p></li>
</ul>)html";

constexpr const char* k_watch_query = R"("North Korea" Kurs* -podcast)";

class MatchExplainTest : public PipelineTest {
 protected:
  void SetUp() override {
    write_file(m_dir / "site" / "hand.html", k_hand_page);
    write_config(fmt::format(R"toml(
[[site]]
name = "hand"
url = "{site}/hand.html"
extractor = "css"
[site.selectors]
item = "li"
title = "a"
link = "a @href"
summary = "p"

[[watch]]
name = "envoy"
query = '{query}'
sites = ["hand"]
notify = ["hook"]

[[watch]]
name = "envoy-nknews"
query = '{query}'
sites = ["nknews"]
notify = ["hook"]
)toml",
                             fmt::arg("site", m_site.url("")), fmt::arg("query", k_watch_query)));
    crawl_baseline_then_new_items();
  }

  std::string hand_link(const std::string& path) const { return m_site.url("") + path; }

  static bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
};

TEST_F(MatchExplainTest, Watch_PrintsItsQuerySitesAndAliases_AndTheWordsEachTermMatched) {
  RunResult run = newswatch({"match", "--watch", "envoy"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(has(run.out, "watch envoy: \"North Korea\" Kurs* -podcast\n  sites: hand\n")) << run.out;
  EXPECT_TRUE(has(run.out, "  alias \"North Korea\": DPRK, N. Korea, N-Korea, North Korean, Pyongyang\n")) << run.out;
  EXPECT_TRUE(has(run.out, "Pyongyang’s envoy visits Kursk")) << run.out;
  EXPECT_TRUE(has(run.out, "\"North Korea\" ← Pyongyang’s (alias) in title")) << run.out;
  EXPECT_TRUE(has(run.out, "Kurs* ← Kursk in title")) << run.out;
  EXPECT_FALSE(has(run.out, "podcast on Kursk")) << "excluded by -podcast\n" << run.out;
  EXPECT_TRUE(has(run.out, "1 of 48 stored items match")) << run.out;
}

TEST_F(MatchExplainTest, Watch_HonoursItsSites_LikeTheService) {
  // The same query without the watch finds the hand item and the MENAFN Kursk stories...
  RunResult query = newswatch({"match", k_watch_query});
  ASSERT_EQ(query.exit_code, 0) << query.err;
  EXPECT_TRUE(has(query.out, "Pyongyang’s envoy visits Kursk")) << query.out;
  EXPECT_TRUE(has(query.out, "Russia Praises North Korea for Role in Kursk")) << query.out;
  // ...but a watch on nknews alone looks at neither.
  RunResult watch = newswatch({"match", "--watch", "envoy-nknews"});
  ASSERT_EQ(watch.exit_code, 0) << watch.err;
  EXPECT_TRUE(has(watch.out, "  sites: nknews\n")) << watch.out;
  EXPECT_TRUE(has(watch.out, "0 of 48 stored items match")) << watch.out;
}

TEST_F(MatchExplainTest, Site_RestrictsToThoseSitesItems) {
  RunResult run = newswatch({"match", "Kursk", "--site", "hand"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(has(run.out, "2 of 48 stored items match")) << run.out;
  EXPECT_FALSE(has(run.out, "nkjournal")) << run.out;
  RunResult two = newswatch({"match", "Kursk", "--site", "hand", "--site", "nkjournal"});
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_TRUE(has(two.out, "Russia Praises North Korea for Role in Kursk")) << two.out;
  EXPECT_TRUE(has(two.out, "Pyongyang’s envoy visits Kursk")) << two.out;
}

TEST_F(MatchExplainTest, UnknownSite_IsAUsageError_ListingTheConfiguredOnes) {
  RunResult run = newswatch({"match", "Kursk", "--site", "nope"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_TRUE(has(run.err, "no site 'nope'")) << run.err;
  EXPECT_TRUE(has(run.err, "nknews, nkjournal, joongang-nk, hand")) << run.err;
}

TEST_F(MatchExplainTest, UnknownWatch_OrBothQueryAndWatch_OrNeither_IsAUsageError) {
  RunResult unknown = newswatch({"match", "--watch", "nope"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(has(unknown.err, "no watch 'nope'")) << unknown.err;
  EXPECT_TRUE(has(unknown.err, "israel, plenum, envoy, envoy-nknews")) << unknown.err;
  EXPECT_EQ(newswatch({"match", "Kursk", "--watch", "envoy"}).exit_code, 2);
  EXPECT_EQ(newswatch({"match"}).exit_code, 2);
}

TEST_F(MatchExplainTest, Since_LeavesOutItemsFirstSeenEarlier_AndLimitCapsWhatIsShown) {
  {  // the hand items were first seen ten days ago
    sqlite::Database db(m_database);
    db.exec("UPDATE items SET first_seen = first_seen - 864000 WHERE site = 'hand'");
  }
  RunResult all = newswatch({"match", "Kursk"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_TRUE(has(all.out, "Pyongyang’s envoy visits Kursk")) << all.out;
  RunResult recent = newswatch({"match", "Kursk", "--since", "1d"});
  ASSERT_EQ(recent.exit_code, 0) << recent.err;
  EXPECT_FALSE(has(recent.out, "Pyongyang’s envoy visits Kursk")) << recent.out;
  EXPECT_TRUE(has(recent.out, "Russia Praises North Korea for Role in Kursk")) << recent.out;
  RunResult limited = newswatch({"match", "Kursk", "--limit", "1"});
  ASSERT_EQ(limited.exit_code, 0) << limited.err;
  EXPECT_EQ(std::count(limited.out.begin(), limited.out.end(), '\n'), 5) << "one hit, its words, the count\n"
                                                                         << limited.out;
  EXPECT_TRUE(has(limited.out, "(the newest 1 shown)")) << limited.out;
  EXPECT_EQ(newswatch({"match", "Kursk", "--since", "soon"}).exit_code, 2);
}

TEST_F(MatchExplainTest, Json_CarriesTheWordsOfEachTerm) {
  RunResult run = newswatch({"match", "--watch", "envoy", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto hit = nlohmann::json::parse(run.out);  // one hit: one line, nothing else on stdout
  EXPECT_EQ(hit["title"], "Pyongyang’s envoy visits Kursk");
  EXPECT_EQ(hit["matched"], nlohmann::json::array({"North Korea", "Kurs*"}));
  EXPECT_EQ(hit["words"][0]["term"], "\"North Korea\"");
  EXPECT_EQ(hit["words"][0]["found"][0],
            nlohmann::json({{"field", "title"}, {"text", "Pyongyang’s"}, {"alias", true}}));
  EXPECT_EQ(hit["words"][1]["found"][0]["text"], "Kursk");
}

TEST_F(MatchExplainTest, WhyNot_NamesTheExcludedWord_AndExitsOne) {
  RunResult run = newswatch({"match", "--why-not", hand_link("/hand/podcast"), "--watch", "envoy"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_TRUE(has(run.out, "item: Pyongyang’s podcast on Kursk")) << run.out;
  EXPECT_TRUE(has(run.out, "✓ site hand is one of the watch's sites (hand)")) << run.out;
  EXPECT_TRUE(has(run.out, "✓ \"North Korea\" ← Pyongyang’s (alias) in title")) << run.out;
  EXPECT_TRUE(has(run.out, "✓ Kurs* ← Kursk in title")) << run.out;
  EXPECT_TRUE(has(run.out, "✗ NOT podcast: excluded word 'podcast' found in title")) << run.out;
  EXPECT_TRUE(has(run.out, "would not match\n")) << run.out;
}

TEST_F(MatchExplainTest, WhyNot_MissingTerm_IsMarked_ForAQuery) {
  RunResult run = newswatch({"match", "--why-not", hand_link("/hand/envoy"), "Kursk AND (Russia OR Moscow)"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_TRUE(has(run.out, "query: Kursk AND (Russia OR Moscow)\n")) << run.out;
  EXPECT_TRUE(
      has(run.out, "✓ Kursk ← Kursk in title\n✗ (Russia OR Moscow)\n  ✗ Russia: not in title, summary or body\n"))
      << run.out;
}

TEST_F(MatchExplainTest, WhyNot_SaysTheWatchsSitesLeaveTheItemOut) {
  RunResult run = newswatch({"match", "--why-not", hand_link("/hand/envoy"), "--watch", "envoy-nknews"});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_TRUE(has(run.out, "✗ site hand is not one of the watch's sites (nknews)")) << run.out;
  EXPECT_TRUE(has(run.out, "would not match: watch envoy-nknews does not look at site hand")) << run.out;
}

TEST_F(MatchExplainTest, WhyNot_AMatchingItem_SaysSoAndExitsZero_FoundByItsCanonicalKey) {
  // Tracking parameters are not part of an item's identity: the link with one still names the item.
  RunResult run = newswatch({"match", "--why-not", hand_link("/hand/envoy?utm_source=x"), "--watch", "envoy"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(has(run.out, "item: Pyongyang’s envoy visits Kursk")) << run.out;
  EXPECT_TRUE(has(run.out, "✓ NOT podcast: not in title, summary or body")) << run.out;
  EXPECT_TRUE(has(run.out, "would match (matched: North Korea, Kurs*)")) << run.out;
}

TEST_F(MatchExplainTest, WhyNot_UnknownLink_SaysNoStoredItem_AndExitsOne) {
  RunResult run = newswatch({"match", "--why-not", "https://nowhere.example/story", "Kursk"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(has(run.out + run.err, "no stored item with link https://nowhere.example/story")) << run.out << run.err;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
