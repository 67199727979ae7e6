// The small things a newcomer meets first on the command line, through the real
// binary: a --site that is not configured, extract finding nothing or given a
// directory or an unreadable file, items --limit 0, a mistyped command, and what
// check-config prints (durations as written, notifiers without secrets, where the
// database is, warnings about a config that will not alert anyone yet).

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/integration/harness.h"

namespace newswatch::test {
namespace {
namespace NEWSWATCH_FILE_ID {

const std::string k_two_sites =
    "[service]\nuser_agent = \"newswatch-test (ops@newswatch.test)\"\n"  // 1-2
    "[[site]]\nname = \"alpha\"\nurl = \"https://alpha.test/\"\nextractor = \"nknews\"\n"
    "interval = \"90s\"\njitter = \"30s\"\n"  // 3-8
    "[[site]]\nname = \"beta\"\nurl = \"https://beta.test/\"\nextractor = \"css\"\ninterval = \"1h30m\"\n"
    "[site.selectors]\nitem = \"li\"\ntitle = \"a\"\nlink = \"a @href\"\n"  // 9-17
    "[[site]]\nname = \"gamma\"\nurl = \"https://gamma.test/\"\nextractor = \"menafn\"\n"
    "[[watch]]\nname = \"w\"\nquery = \"Kursk\"\nnotify = [\"hook\", \"mail\"]\n"
    "[[notify]]\nname = \"hook\"\ntype = \"webhook\"\nformat = \"slack\"\n"
    "url = \"https://hooks.chat.test/services/T0/B0/TOKEN123\"\nsecret = \"s3cret-value\"\n"
    "[[notify]]\nname = \"mail\"\ntype = \"email\"\nsmtp_url = \"smtp://relay.test:587\"\nusername = \"u\"\n"
    "password = \"pa55word\"\nfrom = \"newswatch@ops.test\"\nto = [\"analyst@ops.test\"]\ndigest = \"1h\"\n";

/// A temp dir holding `config` as n.toml.
struct ConfigDir {
  explicit ConfigDir(const std::string& config) { write_file(config_path, config); }
  RunResult run(std::vector<std::string> args) { return run_binary(args, dir.path().string()); }
  TempDir dir;
  std::string config_path = (dir / "n.toml").string();
};

TEST(CliHabits, ItemsUnknownSite_IsAUsageError_NamingTheConfiguredSites) {
  ConfigDir s(k_two_sites);
  RunResult run = s.run({"items", "-c", s.config_path, "--site", "delta"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("newswatch items: no site 'delta' in " + s.config_path + "; configured: alpha, beta, gamma"),
            std::string::npos)
      << run.err;
}

TEST(CliHabits, OnceUnknownSite_SaysTheSameAsItems) {
  ConfigDir s(k_two_sites);
  RunResult run = s.run({"once", "-c", s.config_path, "--site", "delta"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("newswatch once: no site 'delta' in " + s.config_path + "; configured: alpha, beta, gamma"),
            std::string::npos)
      << run.err;
}

TEST(CliHabits, ExtractWithConfigUnknownSite_SaysTheSameAsItems) {
  ConfigDir s(k_two_sites);
  RunResult run = s.run({"extract", "-c", s.config_path, "--site", "delta", "/dev/null"});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_NE(run.err.find("newswatch extract: no site 'delta' in " + s.config_path + "; configured: alpha, beta, gamma"),
            std::string::npos)
      << run.err;
}

TEST(CliHabits, ExtractFindingNothing_ExitsOne_WithAHint) {
  ConfigDir s(k_two_sites);
  const std::string page = (s.dir / "empty.html").string();
  write_file(page, "<html><body><p>Loading...</p><script src=app.js></script></body></html>");
  RunResult run = s.run({"extract", "--site", "nknews", page});
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_NE(run.err.find("newswatch extract: no items found in " + page + " by extractor 'nknews'"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("hint: wrong --site for this page?"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("JavaScript"), std::string::npos) << run.err;
}

TEST(CliHabits, ExtractOnADirectory_IsAUsageError_SaidPlainly) {
  ConfigDir s(k_two_sites);
  const std::string folder = s.dir.path().string();
  RunResult run = s.run({"extract", "--site", "nknews", folder});
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_EQ(run.err, "newswatch extract: " + folder + " is a directory, not an HTML file\n");
}

TEST(CliHabits, ExtractOnAnUnreadableFile_GivesTheOsReason_NoExceptionText) {
  ConfigDir s(k_two_sites);
  const std::string page = (s.dir / "locked.html").string();
  write_file(page, "<html></html>");
  std::filesystem::permissions(page, std::filesystem::perms::none);
  // root reads any file; without CAP_DAC_OVERRIDE (dropped by setpriv) it is refused like anyone else.
  std::string command = ::geteuid() == 0 ? "setpriv --bounding-set -dac_override,-dac_read_search " : "";
  command += std::string(NEWSWATCH_BINARY) + " extract --site nknews '" + page + "' </dev/null 2>" +
             (s.dir / "err").string() + " >/dev/null";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_EQ(read_file(s.dir / "err"), "newswatch extract: cannot read " + page + ": Permission denied\n");
}

TEST(CliHabits, ItemsLimitZero_IsAUsageError_WithAClearMessage) {
  ConfigDir s(k_two_sites);
  RunResult run = s.run({"items", "-c", s.config_path, "--limit", "0"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "newswatch items: --limit must be at least 1, got 0\n");
}

TEST(CliHabits, UnknownCommand_SaysSo_AndListsTheCommands) {
  ConfigDir s(k_two_sites);
  RunResult run = s.run({"frobnicate"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("newswatch: unknown command 'frobnicate'\n"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(
                "commands: run, once, crawl, extract, check-config, items, match, status, alerts, feed, migrate, demo, "
                "discover"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(run.err.find("did you mean"), std::string::npos) << run.err;
}

TEST(CliHabits, MistypedCommand_SuggestsTheNearestOne) {
  ConfigDir s(k_two_sites);
  RunResult run = s.run({"--log-level", "warn", "chek-config", "-c", s.config_path});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("newswatch: unknown command 'chek-config' (did you mean 'check-config'?)"), std::string::npos)
      << run.err;
}

TEST(CliHabits, CheckConfig_PrintsIntervalsAsWritten) {
  ConfigDir s(k_two_sites);
  RunResult run = s.run({"check-config", "-c", s.config_path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("  site alpha (nknews) every 90s + up to 30s: https://alpha.test/\n"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("  site beta (css) every 1h30m: https://beta.test/\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("  site gamma (menafn) every 10m: https://gamma.test/\n"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("600s"), std::string::npos) << run.out;
}

TEST(CliHabits, CheckConfig_ListsNotifiersAndWatchTargets_WithoutSecretsOrWebhookTokens) {
  ConfigDir s(k_two_sites);
  RunResult run = s.run({"check-config", "-c", s.config_path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("  watch w: Kursk -> hook, mail\n"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("  notify hook: webhook, slack, to https://hooks.chat.test/…, signed\n"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("  notify mail: email to analyst@ops.test via smtp://relay.test:587 (starttls), digest every "
                         "1h\n"),
            std::string::npos)
      << run.out;
  for (const char* secret : {"TOKEN123", "s3cret-value", "pa55word"})
    EXPECT_EQ(run.out.find(secret), std::string::npos) << secret << "\n" << run.out;
}

TEST(CliHabits, CheckConfig_SaysWhereARelativeDatabaseResolves) {
  ConfigDir s("[service]\ndatabase = \"cli-habits.db\"\n" + k_two_sites.substr(std::string("[service]\n").size()));
  RunResult run = s.run({"check-config", "-c", s.config_path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string here = (std::filesystem::current_path() / "cli-habits.db").string();
  EXPECT_NE(run.out.find("database cli-habits.db (relative to the working directory: " + here + ")"), std::string::npos)
      << run.out;
  EXPECT_FALSE(std::filesystem::exists(here)) << "check-config created the database";
}

TEST(CliHabits, CheckConfig_WarnsAboutAnExampleOrgUserAgent_AtItsPosition) {
  ConfigDir s("[service]\nuser_agent = \"bot (+https://EXAMPLE.org/me)\"\n" +
              k_two_sites.substr(k_two_sites.find("[[site]]")));
  RunResult run = s.run({"check-config", "-c", s.config_path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(s.config_path + ":2:14: warning: user_agent still names example.org"), std::string::npos)
      << run.out;
}

TEST(CliHabits, CheckConfig_WarnsWhenNothingWillBeAlerted_Located) {
  ConfigDir s(
      "[service]\nuser_agent = \"newswatch-test (ops@newswatch.test)\"\n"
      "[[site]]\nname = \"alpha\"\nurl = \"https://alpha.test/\"\nextractor = \"nknews\"\n"
      "[[watch]]\nname = \"w\"\nquery = \"Kursk\"\n");
  RunResult run = s.run({"check-config", "-c", s.config_path});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find(s.config_path + ":7:1: warning: no [[notify]] is configured: watches will match, but nothing "
                                         "will be alerted"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("  watch w: Kursk -> nobody\n"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("user_agent"), std::string::npos) << run.out;

  write_file(s.config_path, "[[site]]\nname = \"alpha\"\nurl = \"https://alpha.test/\"\nextractor = \"nknews\"\n");
  RunResult no_watch = s.run({"check-config", "-c", s.config_path});
  ASSERT_EQ(no_watch.exit_code, 0) << no_watch.err;
  EXPECT_NE(no_watch.out.find(s.config_path + ":1:1: warning: no [[watch]] is configured"), std::string::npos)
      << no_watch.out;
}

TEST(CliHabits, ExtractJson_CarriesTheSiteAndExtractorNames) {
  ConfigDir s(k_two_sites);
  const std::string page = (s.dir / "list.html").string();
  write_file(page, "<ul><li><a href=/a1>One</a></li></ul>");
  RunResult configured = s.run({"extract", "-c", s.config_path, "--site", "beta", page});
  ASSERT_EQ(configured.exit_code, 0) << configured.err;
  auto item = nlohmann::json::parse(configured.out);
  EXPECT_EQ(item["site"], "beta");
  EXPECT_EQ(item["extractor"], "css");
  EXPECT_EQ(item["url"], "https://beta.test/a1");

  RunResult bare = s.run({"extract", "--site", "nknews", fixture_path("nknews/homepage-2020-05-29.html").string()});
  ASSERT_EQ(bare.exit_code, 0) << bare.err;
  auto first = nlohmann::json::parse(bare.out.substr(0, bare.out.find('\n')));
  EXPECT_EQ(first["site"], "");
  EXPECT_EQ(first["extractor"], "nknews");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch::test
