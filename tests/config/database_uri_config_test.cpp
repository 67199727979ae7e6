// `[service] database` as a PostgreSQL URI: kept as written (no path rule), checked at its line and column, never
// quoted with its password; `password_file` resolved like a notifier's KEY_file, else beside the config file.

#include <gtest/gtest.h>

#include "config/config.h"
#include "scoped_env.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

Config with_database(const std::string& uri, const std::string& file = "/etc/newswatch/newswatch.toml") {
  return parse_config("[service]\ndatabase = \"" + uri + "\"\n", file);
}

/// The error text of a config that must fail to load ("" when it loads).
std::string load_error(const std::string& toml) {
  try {
    parse_config(toml, "t.toml");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

/// The config's warnings that name `word` (others, such as "no sites", are not this file's subject).
std::vector<std::string> warnings_about(const Config& config, const std::string& word) {
  std::vector<std::string> out;
  for (const ConfigDiagnostic& warning : config.warnings)
    if (warning.message.find(word) != std::string::npos) out.push_back(warning.to_string());
  return out;
}

TEST(DatabaseUri, IsKeptAsWrittenWhateverTheStateDirectory) {
  testing::ScopedEnv state("STATE_DIRECTORY", "/var/lib/newswatch");
  for (const char* uri : {"postgresql://nw@db.internal/newswatch", "postgres://nw@db.internal:5433/newswatch",
                          "postgresql:///newswatch?host=/run/postgresql", "postgresql://"}) {
    EXPECT_EQ(with_database(uri).service.database, uri);
    EXPECT_EQ(with_database(uri, "rel/newswatch.toml").service.database, uri);
  }
}

struct BadUri {
  const char* uri;
  const char* message;
};

TEST(DatabaseUri, MalformedUriIsAConfigErrorAtTheValue) {
  const BadUri rows[] = {
      {"postgresql://db:54x2/nw",
       "t.toml:2:12: error: 'database' is not a usable PostgreSQL URI: port '54x2' is not a "
       "number from 1 to 65535"},
      {"postgresql://db:0/nw", "port '0' is not a number from 1 to 65535"},
      {"postgresql:///nw?host=/run/postgresql&port=5x", "port '5x' is not a number from 1 to 65535"},
      {"postgresql://[::1/nw", "an IPv6 address opened with '[' is not closed with ']'"},
      {"postgresql://db/nw?sslmod=require", "'sslmod' is not a libpq connection parameter"},
      {"postgresql://db/nw?sslmode", "query parameter 'sslmode' is not KEY=VALUE"},
      {"postgresql://db/n%zzw", "the database name has a '%' not followed by two hex digits"},
      {"postgresql://db/a/b", "the database name may not contain '/'"},
  };
  for (const BadUri& row : rows) {
    EXPECT_NE(load_error(std::string("[service]\ndatabase = \"") + row.uri + "\"\n").find(row.message),
              std::string::npos)
        << row.uri << ": " << load_error(std::string("[service]\ndatabase = \"") + row.uri + "\"\n");
  }
}

TEST(DatabaseUri, ErrorNeverQuotesThePassword) {
  const std::string error = load_error("[service]\ndatabase = \"postgresql://nw:s3cr%t@db/nw\"\n");
  EXPECT_NE(error.find("the user or password has a '%'"), std::string::npos) << error;
  EXPECT_EQ(error.find("s3cr"), std::string::npos) << error;
}

TEST(DatabaseUri, PasswordInTheUriLoadsWithAWarningThatDoesNotQuoteIt) {
  const Config config = with_database("postgresql://nw:hunter2@db/nw?sslmode=require", "t.toml");
  const auto warnings = warnings_about(config, "password");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("prefer 'password_file'"), std::string::npos);
  EXPECT_EQ(warnings[0].find("hunter2"), std::string::npos);
}

TEST(DatabaseUri, PasswordFileIsResolvedBesideTheConfigFile) {
  testing::ScopedEnv credentials("CREDENTIALS_DIRECTORY", std::nullopt);
  const Config config = parse_config(
      "[service]\ndatabase = \"postgresql://nw@db/nw\"\npassword_file = \"secrets/pg\"\n", "/etc/nw/a.toml");
  EXPECT_EQ(config.service.password_file, "/etc/nw/secrets/pg");
  EXPECT_TRUE(warnings_about(config, "password").empty());
  const Config absolute =
      parse_config("[service]\ndatabase = \"postgresql://nw@db/nw\"\npassword_file = \"/srv/pg\"\n", "/etc/nw/a.toml");
  EXPECT_EQ(absolute.service.password_file, "/srv/pg");
}

TEST(DatabaseUri, PasswordFileIsReadFromTheCredentialsDirectoryUnderSystemd) {
  testing::ScopedEnv credentials("CREDENTIALS_DIRECTORY", "/run/credentials/newswatch.service");
  const Config config =
      parse_config("[service]\ndatabase = \"postgresql://nw@db/nw\"\npassword_file = \"pg\"\n", "/etc/nw/a.toml");
  EXPECT_EQ(config.service.password_file, "/run/credentials/newswatch.service/pg");
}

TEST(DatabaseUri, PasswordFileWithASqliteDatabaseIsAWarning) {
  const Config config = parse_config("[service]\ndatabase = \"/srv/n.db\"\npassword_file = \"pg\"\n", "t.toml");
  const auto warnings = warnings_about(config, "password_file");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0],
            "t.toml:3:17: warning: 'password_file' is read only for a PostgreSQL database (postgresql://...); this "
            "one is a SQLite file");
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
