// The inspection commands a user runs against a live database: extract,
// items, match, status; and the email digest as the service batches it.

#include <fstream>
#include <thread>

#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {

int lines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

TEST(ExtractCommand, PrintsOneJsonLinePerArticleOfTheRealHomepage) {
  TempDir dir;
  RunResult run = run_binary({"extract", "--site", "nknews", fixture_path("nknews/homepage-2020-05-29.html").string()},
                             dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(lines(run.out), 20);
  auto first = nlohmann::json::parse(run.out.substr(0, run.out.find('\n')));
  EXPECT_EQ(first["url"].get<std::string>().rfind("https://www.nknews.org/", 0), 0u);
  for (const char* key : {"site", "url", "title", "summary", "authors", "published", "tags"})
    EXPECT_TRUE(first.contains(key)) << key;
}

TEST(ExtractCommand, UnknownExtractor_IsAUsageError) {
  TempDir dir;
  RunResult run = run_binary({"extract", "--site", "nope", "/dev/null"}, dir.path().string());
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("nope"), std::string::npos) << run.err;
}

TEST(ExtractCommand, WithConfig_RunsThatCssSiteOnASavedPage_AtTheSiteUrl) {
  TempDir dir;
  const std::string config = dir.path().string() + "/n.toml";
  std::ofstream(config) << "[service]\ndatabase = \"" << dir.path().string() << "/n.db\"\n"
                        << "[[site]]\nname = \"hand\"\nurl = \"https://example.org/news/\"\nextractor = \"css\"\n"
                           "timezone = \"Asia/Seoul\"\n"
                           "[site.selectors]\nitem = \"dl dt\"\ntitle = \"a\"\nlink = \"a @href\"\n"
                           "summary = \"+ dd\"\npublished = \"+ dd ~ dd.when\"\n";
  const std::string page = dir.path().string() + "/page.html";
  std::ofstream(page) << "<dl><dt><a href=a1>One</a><dd>Sum<dd class=when>2020/06/16 19:50</dl>";
  RunResult run = run_binary({"extract", "-c", config, "--site", "hand", page}, dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  ASSERT_EQ(lines(run.out), 1) << run.out;
  auto item = nlohmann::json::parse(run.out);
  EXPECT_EQ(item["url"], "https://example.org/news/a1");
  EXPECT_EQ(item["summary"], "Sum");
  EXPECT_EQ(item["published"], "2020-06-16T19:50:00+09:00");
}

class CommandsTest : public PipelineTest {
 protected:
  void SetUp() override { crawl_baseline_then_new_items(); }
};

TEST_F(CommandsTest, Match_ShowsWhatAQueryWouldCatchAndWhy) {
  RunResult run = newswatch({"match", "DPRK AND Israel"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("North Korea Condemns Israel’s Military Operations in Gaza"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("matched: North Korea, Israel"), std::string::npos) << "the alias is named\n" << run.out;
  // 10 + 10 NK News, 20 press releases, 6 JoongAng: every item of both passes, once
  EXPECT_NE(run.out.find("2 of 46 stored items match"), std::string::npos) << run.out;
}

TEST_F(CommandsTest, Match_BadQuery_IsAUsageErrorWithColumn) {
  RunResult run = newswatch({"match", "Russia AND (Kursk"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("column"), std::string::npos) << run.err;
}

TEST_F(CommandsTest, Items_FiltersBySiteQueryAndLimit) {
  RunResult limited = newswatch({"items", "--site", "nkjournal", "--since", "1d", "--limit", "3", "--json"});
  ASSERT_EQ(limited.exit_code, 0) << limited.err;
  EXPECT_EQ(lines(limited.out), 3);
  RunResult matched = newswatch({"items", "--match", "plenum", "--json"});
  EXPECT_EQ(lines(matched.out), 4) << matched.out;
  auto row = nlohmann::json::parse(matched.out.substr(0, matched.out.find('\n')));
  EXPECT_EQ(row["site"], "nknews");
  EXPECT_TRUE(row.contains("first_seen"));
  EXPECT_TRUE(row.contains("story"));
}

TEST_F(CommandsTest, Status_ReportsEverySiteAndTheOutbox) {
  RunResult run = newswatch({"status", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  auto status = nlohmann::json::parse(run.out);
  ASSERT_EQ(status["sites"].size(), 3u);
  for (const auto& site : status["sites"]) {
    EXPECT_EQ(site["health"], "ok") << site.dump();
    EXPECT_EQ(site["consecutive_failures"], 0);
    EXPECT_NE(site["next_due"], "-");
  }
  EXPECT_EQ(status["outbox"]["sent"], 6);
}

TEST_F(PipelineTest, EmailDigest_WaitsThenSendsOneMailForAllMatches) {
  std::string mailbox = (m_dir / "mailbox.jsonl").string();
  Peer smtp("smtp_server.py", {"--out", mailbox});
  write_config(R"toml(
[[notify]]
name = "digest"
type = "email"
smtp_url = "smtp://127.0.0.1:)toml" +
               std::to_string(smtp.port()) + R"toml("
tls = "none"
from = "newswatch@example.org"
to = ["analyst@example.org"]
digest = "3s"

[[watch]]
name = "plenum-mail"
query = 'plenum'
notify = ["digest"]
)toml");
  crawl_baseline_then_new_items();
  if (HasFailure()) return;
  EXPECT_FALSE(std::ifstream(mailbox).good() && lines(read_file(mailbox)) > 0) << "the digest is not due yet";
  std::this_thread::sleep_for(std::chrono::milliseconds(3300));
  ASSERT_EQ(newswatch({"once"}).exit_code, 0);
  std::string mails = read_file(mailbox);
  ASSERT_EQ(lines(mails), 1) << "one digest for the four plenum items";
  std::string data = nlohmann::json::parse(mails.substr(0, mails.find('\n')))["data"];
  EXPECT_NE(data.find("Subject: [newswatch] 4 new matches"), std::string::npos) << data;
}

}  // namespace
}  // namespace newswatch::test
