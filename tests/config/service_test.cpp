// [service] values, the database path under systemd's StateDirectory=, and
// where the config file is looked for.

#include <gtest/gtest.h>

#include "config/config.h"
#include "scoped_env.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

std::string database_for(const std::string& configured) {
  return parse_config("[service]\ndatabase = \"" + configured + "\"\n", "d.toml").service.database;
}

TEST(ServiceConfig, AllKeysAreRead) {
  const Config config = parse_config(
      "[service]\ndatabase = \"/srv/nw.db\"\nuser_agent = \"ua/1\"\nconcurrency = 3\nper_host_delay = \"2s\"\n"
      "connect_timeout = \"3s\"\nrequest_timeout = \"1m\"\nmax_body_size = \"512KB\"\nmax_backoff = \"2h\"\n"
      "respect_robots = false\nlisten = \"127.0.0.1:9187\"\n",
      "s.toml");
  const ServiceConfig& s = config.service;
  EXPECT_EQ(s.database, "/srv/nw.db");
  EXPECT_EQ(s.user_agent, "ua/1");
  EXPECT_EQ(s.concurrency, 3);
  EXPECT_EQ(s.per_host_delay, Seconds{2});
  EXPECT_EQ(s.connect_timeout, Seconds{3});
  EXPECT_EQ(s.request_timeout, Seconds{60});
  EXPECT_EQ(s.max_body_bytes, 512u << 10);
  EXPECT_EQ(s.max_backoff, Seconds{7200});
  EXPECT_FALSE(s.respect_robots);
  EXPECT_EQ(s.listen, "127.0.0.1:9187");
}

TEST(ServiceConfig, IntegerBodySizeIsBytes) {
  EXPECT_EQ(parse_config("[service]\nmax_body_size = 65536\n", "s.toml").service.max_body_bytes, 65536u);
}

TEST(ServiceConfig, RelativeDatabaseIsPlacedInStateDirectory) {
  testing::ScopedEnv state("STATE_DIRECTORY", "/var/lib/newswatch");
  EXPECT_EQ(database_for("newswatch.db"), "/var/lib/newswatch/newswatch.db");
  EXPECT_EQ(database_for("sub/n.db"), "/var/lib/newswatch/sub/n.db");
  EXPECT_EQ(database_for("/srv/n.db"), "/srv/n.db");
  EXPECT_EQ(database_for(":memory:"), ":memory:");
  // The default is resolved too, not only a configured value.
  EXPECT_EQ(parse_config("", "d.toml").service.database, "/var/lib/newswatch/newswatch.db");
}

TEST(ServiceConfig, FirstOfSeveralStateDirectoriesIsUsed) {
  testing::ScopedEnv state("STATE_DIRECTORY", "/var/lib/a:/var/lib/b");
  EXPECT_EQ(database_for("n.db"), "/var/lib/a/n.db");
}

TEST(ServiceConfig, WithoutStateDirectoryRelativeDatabaseStaysRelative) {
  testing::ScopedEnv state("STATE_DIRECTORY", std::nullopt);
  EXPECT_EQ(database_for("newswatch.db"), "newswatch.db");
}

struct DatabaseRow {
  std::optional<std::string> state_directory;
  std::string config_file;
  std::string configured;
  std::string expected;
};

// One rule for the service and every command: a shell running `newswatch status` on the
// installed config finds the database the unit writes in its StateDirectory.
TEST(ServiceConfig, DatabasePathFollowsOneRuleForServiceAndCommands) {
  const DatabaseRow rows[] = {
      {std::nullopt, "/etc/newswatch/newswatch.toml", "newswatch.db", "/var/lib/newswatch/newswatch.db"},
      {std::nullopt, "/etc/newswatch/other.toml", "sub/n.db", "/var/lib/newswatch/sub/n.db"},
      {std::nullopt, "/etc/newswatch/./x/../newswatch.toml", "n.db", "/var/lib/newswatch/n.db"},
      {"/run/state", "/etc/newswatch/newswatch.toml", "n.db", "/run/state/n.db"},
      {std::nullopt, "/etc/newswatch/newswatch.toml", "/srv/n.db", "/srv/n.db"},
      {std::nullopt, "/etc/newswatch/newswatch.toml", ":memory:", ":memory:"},
      {std::nullopt, "/etc/newswatch/sub/newswatch.toml", "n.db", "n.db"},
      {std::nullopt, "/home/me/newswatch.toml", "n.db", "n.db"},
      {std::nullopt, "config/newswatch.toml", "n.db", "n.db"},
  };
  for (const DatabaseRow& row : rows) {
    testing::ScopedEnv state("STATE_DIRECTORY", row.state_directory);
    const Config config = parse_config("[service]\ndatabase = \"" + row.configured + "\"\n", row.config_file);
    EXPECT_EQ(config.service.database, row.expected) << row.config_file << " " << row.configured;
  }
}

TEST(ServiceConfig, InstalledConfigWithoutDatabaseKeyUsesTheUnitsStateDirectory) {
  testing::ScopedEnv state("STATE_DIRECTORY", std::nullopt);
  EXPECT_EQ(parse_config("", "/etc/newswatch/newswatch.toml").service.database, "/var/lib/newswatch/newswatch.db");
}

TEST(ConfigPath, CommandLineWinsOverEnvironment) {
  testing::ScopedEnv env("NEWSWATCH_CONFIG", "/from/env.toml");
  EXPECT_EQ(resolve_config_path(std::string("/from/cli.toml")), "/from/cli.toml");
}

TEST(ConfigPath, EnvironmentWinsOverDefaults) {
  testing::ScopedEnv env("NEWSWATCH_CONFIG", "/from/env.toml");
  EXPECT_EQ(resolve_config_path(std::nullopt), "/from/env.toml");
}

TEST(ConfigPath, FallsBackToEtcThenToTheSourceTreeExample) {
  testing::ScopedEnv env("NEWSWATCH_CONFIG", std::nullopt);
  const std::filesystem::path expected = std::filesystem::exists("/etc/newswatch/newswatch.toml")
                                             ? "/etc/newswatch/newswatch.toml"
                                             : "config/newswatch.toml";
  EXPECT_EQ(resolve_config_path(std::nullopt), expected);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
