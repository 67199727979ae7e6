// The inspection commands a user runs against a live database: extract,
// items, match, status (read-only, needing no secrets, never creating the
// database); the install rules; and the email digest as the service batches it.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "alerts/query.h"
#include "app/item_search.h"
#include "store/sqlite.h"
#include "store/store.h"
#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

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

TEST_F(CommandsTest, MatchAndItemsMatch_SearchEveryStoredItem_NotOnlyTheNewest100000) {
  {  // 100,001 newer items that match nothing: the crawled ones are now the oldest
    sqlite::Database db(m_database);
    sqlite::Transaction tx(db);
    db.exec(
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100001) "
        "INSERT INTO items(url, site, title, summary, first_seen, last_seen) "
        "SELECT 'https://filler.example/' || x, 'nknews', 'Filler story ' || x, 'Nothing to see', "
        "CAST(strftime('%s', 'now') AS INTEGER) + 1000 + x, CAST(strftime('%s', 'now') AS INTEGER) + 1000 + x "
        "FROM n");
    tx.commit();
  }
  RunResult match = newswatch({"match", "DPRK AND Israel"});
  ASSERT_EQ(match.exit_code, 0) << match.err;
  EXPECT_NE(match.out.find("2 of 100047 stored items match"), std::string::npos) << match.out;
  RunResult items = newswatch({"items", "--match", "plenum", "--json"});
  ASSERT_EQ(items.exit_code, 0) << items.err;
  EXPECT_EQ(lines(items.out), 4) << items.out;
  // A term the full-text index cannot narrow by (Han characters): every item is read, in pages.
  RunResult scanned = newswatch({"items", "--match", "平壤 OR plenum", "--limit", "3", "--json"});
  ASSERT_EQ(scanned.exit_code, 0) << scanned.err;
  EXPECT_EQ(lines(scanned.out), 3) << scanned.out;
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

TEST_F(CommandsTest, Status_SaysWhichDatabaseItReads) {
  RunResult run = newswatch({"status"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out.substr(0, run.out.find('\n')), "database " + m_database) << run.out;
  RunResult json = newswatch({"status", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["database"], m_database);
}

/// A config with no reachable peer: one site, and two notifiers whose secrets, when
/// `unreadable_secrets`, this shell cannot read (else they are written inline).
std::string admin_config(const std::string& database, bool unreadable_secrets) {
  const std::string secret =
      unreadable_secrets ? "secret_file = \"/nonexistent/newswatch-hook-secret\"\n" : "secret = \"inline\"\n";
  const std::string password =
      unreadable_secrets ? "password_env = \"NEWSWATCH_TEST_UNSET_PASSWORD\"\n" : "password = \"inline\"\n";
  return "[service]\ndatabase = \"" + database +
         "\"\n\n"
         "[[site]]\nname = \"nknews\"\nurl = \"http://127.0.0.1:9/nknews.html\"\nextractor = \"nknews\"\n\n"
         "[[notify]]\nname = \"hook\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:9/hook\"\n" +
         secret +
         "\n"
         "[[notify]]\nname = \"mail\"\ntype = \"email\"\nsmtp_url = \"smtp://127.0.0.1:9\"\nusername = \"u\"\n" +
         password +
         "from = \"a@example.org\"\nto = [\"b@example.org\"]\n\n"
         "[[watch]]\nname = \"w\"\nquery = \"plenum\"\nnotify = [\"hook\", \"mail\"]\n";
}

// Each row runs the real binary against a database that does not exist yet.
TEST(AdminCommands, ReadOnlyCommands_WithoutDatabase_SayNoDatabaseYet_AndCreateNone) {
  TempDir dir;
  const std::string database = (dir.path() / "state" / "newswatch.db").string();
  std::filesystem::create_directories(dir.path() / "state");
  const std::string config = (dir.path() / "newswatch.toml").string();
  write_file(config, admin_config(database, false));
  const std::vector<std::vector<std::string>> commands = {
      {"status"}, {"status", "--json"}, {"items"}, {"match", "plenum"}, {"alerts"}, {"alerts", "retry", "--all"}};
  for (std::vector<std::string> args : commands) {
    const std::string name = args[0] + (args.size() > 1 ? " " + args[1] : "");
    args.insert(args.end(), {"-c", config});
    RunResult run = run_binary(args, dir.path().string());
    EXPECT_EQ(run.exit_code, 1) << name << "\n" << run.out << run.err;
    EXPECT_NE(run.err.find("no database at " + database + " yet (the service creates it on its first crawl)"),
              std::string::npos)
        << name << "\n"
        << run.err;
    EXPECT_FALSE(std::filesystem::exists(database)) << name << " created an empty database";
  }
}

TEST(AdminCommands, ReadOnlyCommands_NeedNoSecrets_RunAndOnceDo) {
  TempDir dir;
  const std::string database = (dir.path() / "newswatch.db").string();
  ASSERT_TRUE(open_sqlite_store(database));  // the service's database, before any crawl
  const std::string config = (dir.path() / "newswatch.toml").string();
  write_file(config, admin_config(database, true));
  ::unsetenv("NEWSWATCH_TEST_UNSET_PASSWORD");

  RunResult check = run_binary({"check-config", "-c", config}, dir.path().string());
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(
      check.out.find(config + ":13:15: warning: cannot read 'secret_file' file '/nonexistent/newswatch-hook-secret'"),
      std::string::npos)
      << check.out;
  EXPECT_NE(check.out.find(config + ":20:16: warning: environment variable 'NEWSWATCH_TEST_UNSET_PASSWORD'"),
            std::string::npos)
      << check.out;
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"status"}, {"items"}, {"match", "plenum"}, {"alerts"}}) {
    args.insert(args.end(), {"-c", config});
    RunResult run = run_binary(args, dir.path().string());
    EXPECT_EQ(run.exit_code, 0) << args[0] << "\n" << run.out << run.err;
  }
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{{"once"}, {"alerts", "retry", "--all"}}) {
    args.insert(args.end(), {"-c", config});
    RunResult run = run_binary(args, dir.path().string());
    EXPECT_EQ(run.exit_code, 78) << args[0] << "\n" << run.out << run.err;
    EXPECT_NE(run.err.find(config + ":13:15: error: cannot read 'secret_file'"), std::string::npos) << run.err;
  }
}

// The README's install is `cmake --install build --prefix /usr/local`: the binary, the example
// config where the binary looks for it, and a unit whose ExecStart is that binary.
TEST(AdminCommands, CmakeInstall_PlacesBinaryConfigAndUnit_WithMatchingExecStart) {
  const std::filesystem::path build = std::filesystem::path(NEWSWATCH_BINARY).parent_path();
  for (const std::string prefix : {"/usr/local", "/opt/nw"}) {
    TempDir dest;
    const std::string command = "DESTDIR='" + dest.path().string() + "' cmake --install '" + build.string() +
                                "' --prefix '" + prefix + "' >'" + (dest.path() / "install.log").string() + "' 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << read_file(dest.path() / "install.log");
    const std::filesystem::path root = dest.path();
    EXPECT_TRUE(std::filesystem::exists(root / ("." + prefix) / "bin/newswatch")) << prefix;
    EXPECT_EQ(read_file(root / "etc/newswatch/newswatch.toml"),
              read_file(std::filesystem::path(NEWSWATCH_SOURCE_DIR) / "config/newswatch.toml"));
    const std::string unit = read_file(root / "etc/systemd/system/newswatch.service");
    EXPECT_NE(unit.find("\nExecStart=" + prefix + "/bin/newswatch run -c /etc/newswatch/newswatch.toml\n"),
              std::string::npos)
        << unit;
    EXPECT_EQ(unit.find("@NEWSWATCH_"), std::string::npos) << "every placeholder is filled\n" << unit;
  }
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

/// A filter as text: clauses joined by AND, phrases by OR, "none" when not narrowed.
std::string filter_text(const std::string& text, const Aliases& aliases = {}) {
  auto query = Query::parse(text, aliases);
  if (!query) return "parse error: " + query.error().message;
  auto filter = text_filter(*query);
  if (!filter) return "none";
  std::string out;
  for (const auto& clause : filter->all_of) {
    std::string any;
    for (const auto& phrase : clause) {
      std::string words;
      for (const auto& token : phrase) words += (words.empty() ? "" : " ") + token;
      any += (any.empty() ? "" : " | ") + words;
    }
    out += (out.empty() ? "" : " & ") + ("(" + any + ")");
  }
  return out;
}

TEST(MatchSearch, QueryBecomesAConservativeFullTextFilter) {
  const Aliases aliases{{"North Korea", {"DPRK", "Pyongyang"}}};
  const std::vector<std::pair<std::string, std::string>> rows = {
      {"kursk", "(kursk)"},  // unscoped: title, summary or article body, each in a full-text index
      {"title:kursk", "(kursk)"},
      {"title:\"North Korea\" AND (title:Russia OR summary:Kursk) NOT podcast",
       "(north korea | dprk | pyongyang) & (russia | kursk)"},
      {"(title:missile NOT test) OR summary:launch", "(missile | launch)"},
      {"title:Kim title:Jong-un", "(kim) & (jong un)"},
      {"title:\"Kim Jong-un\"", "(kim jong un)"},
      {"平壤 AND title:kim", "(kim)"},
      {"平壤 OR title:kim", "none"},
      {"title:Pérez", "(pérez)"},
      {"title:북한 AND title:kim", "(kim)"},  // Hangul matches words with particles, other words to the index
      {"site:nk title:kim", "(kim)"},
  };
  for (const auto& [query, expected] : rows) EXPECT_EQ(filter_text(query, aliases), expected) << query;
}

TEST(MatchSearch, EveryItemTheMatcherMatches_IsFoundThroughTheFilter) {
  struct Row {
    std::string query, title, summary;
  };
  const std::vector<Row> rows = {
      {"Kim", "KİM visits a farm", ""},
      {"Russia", "Russiaʼs army moves", ""},
      {"Russia", "Troops², Russia", ""},
      {"\"Kim Jong Un\"", "“Kim Jong-un” speaks", ""},
      {"Pérez", "PÉREZ in Seoul", ""},
      {"launch", "Nothing here", "(MENAFN - KCNA) Satellite launch fails"},
      {"\"North Korea\" AND Russia", "N. Korea and Russia sign pact", ""},
      {"missile AND NOT test", "Missile parade", ""},
      {"노동당", "노동당 전원회의", ""},
      {"title:Kim", "KİM visits a farm", ""},
      {"title:Russia", "Troops², Russia", ""},
      {"title:\"Kim Jong Un\"", "“Kim Jong-un” speaks", ""},
      {"summary:launch", "Nothing here", "(MENAFN - KCNA) Satellite launch fails"},
      {"title:북한", "북한은 미사일 발사", ""},
  };
  const Aliases aliases{{"North Korea", {"N. Korea", "DPRK"}}};
  for (const Row& row : rows) {
    auto store = open_sqlite_store(":memory:");
    ASSERT_TRUE(store);
    CrawlOutcome crawl;
    crawl.site = "nk";
    crawl.url = "https://nk.example/";
    crawl.at = 1'755'000'000;
    crawl.http_status = 200;
    Item item;
    item.url = "https://nk.example/a";
    item.title = row.title;
    item.summary = row.summary;
    crawl.items = std::vector<Item>{item};
    ASSERT_TRUE((*store)->apply_crawl(crawl, {}));
    auto query = Query::parse(row.query, aliases);
    ASSERT_TRUE(query) << row.query;
    ASSERT_TRUE(query->match(row.title, row.summary)) << "the row must be a Matcher hit: " << row.query;
    int found = 0;
    ASSERT_TRUE(for_each_match(**store, ItemQuery{}, *query, [&](const StoredItem&, const auto&) {
      ++found;
      return true;
    }));
    EXPECT_EQ(found, 1) << row.query << " / " << row.title;
  }
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
