// Bad configs, one row each: a TOML snippet and the exact located diagnostic
// it must produce (a substring of ConfigError::what(), which lists them all).

#include <gtest/gtest.h>

#include "config/config.h"
#include "scoped_env.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

struct BadConfig {
  const char* name;
  const char* toml;
  const char* expected;  // "t.toml:LINE:COL: error: MESSAGE"
};

// A valid site, for rows that need one: lines 1-4.
#define SITE "[[site]]\nname = \"a\"\nurl = \"https://a.example/\"\nextractor = \"nknews\"\n"
// A valid webhook notifier header: lines 1-3, url on line 4.
#define WEBHOOK "[[notify]]\nname = \"n\"\ntype = \"webhook\"\n"
// A valid email notifier: lines 1-6.
#define EMAIL                                                                                                   \
  "[[notify]]\nname = \"m\"\ntype = \"email\"\nsmtp_url = \"smtp://mail.example:587\"\nfrom = \"nw@example\"\n" \
  "to = [\"a@example\"]\n"

const BadConfig k_bad_configs[] = {
    {"syntax error", "a = 1\nb = = 2\n",
     "t.toml:2:5: error: Error while parsing value: could not determine value type"},
    {"unknown top-level key", "sites = 1\n",
     "t.toml:1:1: error: unknown key 'sites' in the top level (did you mean 'site'?)"},
    {"unknown site key", SITE "intervall = \"10m\"\n",
     "t.toml:5:1: error: unknown key 'intervall' in [[site]] (did you mean 'interval'?)"},
    {"unknown key without suggestion", "[service]\nfoo = 1\n", "t.toml:2:1: error: unknown key 'foo' in [service]\n"},
    {"wrong type", "[service]\nconcurrency = \"8\"\n",
     "t.toml:2:15: error: 'concurrency' must be an integer, got string"},
    {"float for integer", "[service]\nconcurrency = 8.5\n",
     "t.toml:2:15: error: 'concurrency' must be an integer, got float"},
    {"concurrency too low", "[service]\nconcurrency = 0\n",
     "t.toml:2:15: error: 'concurrency' must be between 1 and 256, got 0"},
    {"concurrency too high", "[service]\nconcurrency = 257\n",
     "t.toml:2:15: error: 'concurrency' must be between 1 and 256, got 257"},
    {"bad duration", "[service]\nper_host_delay = \"10 minutes\"\n",
     "t.toml:2:18: error: bad duration '10 minutes' (use e.g. \"90s\", \"10m\", \"1h\", \"1d\")"},
    {"duration as integer", "[service]\nmax_backoff = 60\n",
     "t.toml:2:15: error: 'max_backoff' must be a duration string such as \"10m\", got integer"},
    {"timeout zero", "[service]\nrequest_timeout = \"0s\"\n",
     "t.toml:2:19: error: request_timeout \"0s\" is out of range (1s..10m)"},
    {"bad body size", "[service]\nmax_body_size = \"8 megs\"\n",
     "t.toml:2:17: error: bad size '8 megs' (use e.g. \"8MB\", \"512KB\" or a number of bytes)"},
    {"body size too small", "[service]\nmax_body_size = 10\n",
     "t.toml:2:17: error: max_body_size 10 is out of range (1KB..1GB)"},
    {"bool as string", "[service]\nrespect_robots = \"yes\"\n",
     "t.toml:2:18: error: 'respect_robots' must be a boolean (true or false), got string"},
    {"bad listen", "[service]\nlisten = \"9187\"\n",
     "t.toml:2:10: error: 'listen' must be HOST:PORT such as \"127.0.0.1:9187\", got '9187'"},
    {"empty string", "[service]\nuser_agent = \"\"\n", "t.toml:2:14: error: 'user_agent' must not be empty"},
    {"site table not array", "[site]\nname = \"a\"\n",
     "t.toml:1:1: error: 'site' must be an array of tables ([[site]]), got table"},
    {"site array of values", "site = [1]\n",
     "t.toml:1:8: error: 'site' must be an array of tables ([[site]]), got an array of other values"},
    {"site missing url", "[[site]]\nname = \"a\"\nextractor = \"nknews\"\n",
     "t.toml:1:1: error: missing required key 'url' in [[site]]"},
    {"site missing name", "[[site]]\nurl = \"https://a.example/\"\nextractor = \"nknews\"\n",
     "t.toml:1:1: error: missing required key 'name' in [[site]]"},
    {"site name not plain", "[[site]]\nname = \"a b\"\nurl = \"https://a.example/\"\nextractor = \"nknews\"\n",
     "t.toml:2:8: error: name 'a b' may use only letters, digits, '-', '_' and '.'"},
    {"site url not http", "[[site]]\nname = \"a\"\nurl = \"ftp://a.example/\"\nextractor = \"nknews\"\n",
     "t.toml:3:7: error: 'url' must be an http:// or https:// URL, got 'ftp://a.example/'"},
    {"site url without host", "[[site]]\nname = \"a\"\nurl = \"https:///x\"\nextractor = \"nknews\"\n",
     "t.toml:3:7: error: 'url' must be an http:// or https:// URL, got 'https:///x'"},
    {"interval too short", SITE "interval = \"5s\"\n",
     "t.toml:5:12: error: interval \"5s\" is out of range (10s..30d)"},
    {"jitter not below interval", SITE "interval = \"10m\"\njitter = \"10m\"\n",
     "t.toml:6:10: error: 'jitter' (10m) must be less than 'interval' (10m)"},
    {"css without selectors", "[[site]]\nname = \"a\"\nurl = \"https://a.example/\"\nextractor = \"css\"\n",
     "t.toml:4:13: error: extractor \"css\" needs a [site.selectors] table with item, title and link"},
    {"selectors on a non-css site", SITE "[site.selectors]\nitem = \"article\"\ntitle = \"h2\"\n",
     "t.toml:5:1: error: [site.selectors] applies only to extractor = \"css\", not \"nknews\""},
    {"css selector missing",
     "[[site]]\nname = \"a\"\nurl = \"https://a.example/\"\nextractor = \"css\"\n[site.selectors]\nitem = "
     "\"article\"\ntitle = \"h2\"\n",
     "t.toml:5:1: error: missing required key 'link' in [site.selectors]"},
    {"unknown selector key",
     "[[site]]\nname = \"a\"\nurl = \"https://a.example/\"\nextractor = \"css\"\n[site.selectors]\nitem = "
     "\"article\"\ntitle = \"h2\"\nlink = \"a @href\"\nauthor = \".by\"\n",
     "t.toml:9:1: error: unknown key 'author' in [site.selectors] (did you mean 'authors'?)"},
    {"duplicate site", SITE SITE, "t.toml:6:8: error: duplicate site name 'a' (first defined at line 2)"},
    {"alias not array", "[aliases]\n\"North Korea\" = \"DPRK\"\n",
     "t.toml:2:17: error: 'North Korea' must be an array of strings, got string"},
    {"alias element not string", "[aliases]\nKim = [\"Kim Jong Un\", 3]\n",
     "t.toml:2:23: error: 'Kim' must hold only strings, got integer"},
    {"watch missing query", "[[watch]]\nname = \"w\"\n",
     "t.toml:1:1: error: missing required key 'query' in [[watch]]"},
    {"watch unknown notifier", "[[watch]]\nname = \"w\"\nquery = \"x\"\nnotify = [\"nope\"]\n",
     "t.toml:4:11: error: watch names unknown notifier 'nope'"},
    {"watch unknown site", SITE "[[watch]]\nname = \"w\"\nquery = \"x\"\nsites = [\"a\", \"zz\"]\n",
     "t.toml:8:15: error: watch names unknown site 'zz'"},
    {"watch star with names", SITE "[[watch]]\nname = \"w\"\nquery = \"x\"\nsites = [\"*\", \"a\"]\n",
     "t.toml:8:10: error: '*' already means every site: list it alone or list names"},
    {"watch empty sites", "[[watch]]\nname = \"w\"\nquery = \"x\"\nsites = []\n",
     "t.toml:4:9: error: 'sites' is empty, so the watch would match nothing (omit it for all sites)"},
    {"watch once_per_story type", "[[watch]]\nname = \"w\"\nquery = \"x\"\nonce_per_story = 1\n",
     "t.toml:4:18: error: 'once_per_story' must be a boolean (true or false), got integer"},
    {"duplicate watch", "[[watch]]\nname = \"w\"\nquery = \"x\"\n[[watch]]\nname = \"w\"\nquery = \"y\"\n",
     "t.toml:5:8: error: duplicate watch name 'w' (first defined at line 2)"},
    {"notifier missing type", "[[notify]]\nname = \"n\"\n",
     "t.toml:1:1: error: missing required key 'type' in [[notify]]"},
    {"notifier bad type", "[[notify]]\nname = \"n\"\ntype = \"sms\"\n",
     "t.toml:3:8: error: 'type' must be webhook, email, ntfy, telegram, matrix, gotify or apprise, got 'sms'"},
    {"webhook missing url", WEBHOOK, "t.toml:1:1: error: missing required key 'url' in [[notify]]"},
    {"webhook url not http", WEBHOOK "url = \"file:///etc/passwd\"\n",
     "t.toml:4:7: error: webhook 'url' must be an http:// or https:// URL"},
    {"webhook bad format", WEBHOOK "url = \"http://127.0.0.1:9/\"\nformat = \"xml\"\n",
     "t.toml:5:10: error: 'format' must be json, slack or discord, got 'xml'"},
    {"webhook with email key", WEBHOOK "url = \"http://127.0.0.1:9/\"\nto = [\"a@example\"]\n",
     "t.toml:5:6: error: 'to' does not apply to a webhook notifier"},
    {"two secrets", WEBHOOK "url = \"http://127.0.0.1:9/\"\nsecret = \"s\"\nsecret_file = \"/x\"\n",
     "t.toml:6:15: error: set only one of 'secret', 'secret_env' and 'secret_file'"},
    {"duplicate notifier", WEBHOOK "url = \"http://127.0.0.1:9/\"\n" WEBHOOK "url = \"http://127.0.0.1:9/\"\n",
     "t.toml:6:8: error: duplicate notifier name 'n' (first defined at line 2)"},
    {"email bad scheme", "[[notify]]\nname = \"m\"\ntype = \"email\"\nsmtp_url = \"http://mail.example\"\n",
     "t.toml:4:12: error: 'smtp_url' must start with smtp:// or smtps://"},
    {"email missing from", "[[notify]]\nname = \"m\"\ntype = \"email\"\nsmtp_url = \"smtp://mail.example\"\n",
     "t.toml:1:1: error: missing required key 'from' in [[notify]]"},
    {"email missing to", "[[notify]]\nname = \"m\"\ntype = \"email\"\nsmtp_url = \"smtp://mail.example\"\n",
     "t.toml:1:1: error: missing required key 'to' in [[notify]]"},
    {"email empty to",
     "[[notify]]\nname = \"m\"\ntype = \"email\"\nsmtp_url = \"smtp://mail.example\"\nfrom = \"nw@example\"\nto = []\n",
     "t.toml:6:6: error: 'to' must list at least one address"},
    {"email bad from",
     "[[notify]]\nname = \"m\"\ntype = \"email\"\nsmtp_url = \"smtp://mail.example\"\nfrom = \"newswatch\"\nto = "
     "[\"a@example\"]\n",
     "t.toml:5:8: error: 'from' must be an email address, got 'newswatch'"},
    {"email bad to",
     "[[notify]]\nname = \"m\"\ntype = \"email\"\nsmtp_url = \"smtp://mail.example\"\nfrom = \"nw@example\"\nto = "
     "[\"a@example\", \"Bob <b@example>\"]\n",
     "t.toml:6:20: error: 'Bob <b@example>' is not an email address"},
    {"email bad tls", EMAIL "tls = \"ssl\"\n",
     "t.toml:7:7: error: 'tls' must be starttls, implicit or none, got 'ssl'"},
    {"smtps with starttls",
     "[[notify]]\nname = \"m\"\ntype = \"email\"\nsmtp_url = \"smtps://mail.example\"\nfrom = \"nw@example\"\nto = "
     "[\"a@example\"]\ntls = \"starttls\"\n",
     "t.toml:7:7: error: smtps:// is implicit TLS: use tls = \"implicit\" or an smtp:// URL"},
    {"smtp with implicit tls", EMAIL "tls = \"implicit\"\n",
     "t.toml:7:7: error: tls = \"implicit\" needs an smtps:// URL (smtp:// upgrades with tls = \"starttls\")"},
    {"email with webhook key", EMAIL "format = \"json\"\n",
     "t.toml:7:10: error: 'format' does not apply to an email notifier"},
    {"email bad digest", EMAIL "digest = \"soon\"\n",
     "t.toml:7:10: error: bad duration 'soon' (use e.g. \"90s\", \"10m\", \"1h\", \"1d\")"},
    {"email password without username", EMAIL "password = \"pw\"\n",
     "t.toml:1:1: error: a password is set but 'username' is not"},
    {"email misspelt key", EMAIL "pasword_env = \"X\"\n",
     "t.toml:7:1: error: unknown key 'pasword_env' in [[notify]] (did you mean 'password_env'?)"},
};

TEST(ConfigErrors, EachBadConfigReportsItsLocatedDiagnostic) {
  for (const BadConfig& row : k_bad_configs) {
    SCOPED_TRACE(row.name);
    try {
      parse_config(row.toml, "t.toml");
      ADD_FAILURE() << "no ConfigError for:\n" << row.toml;
    } catch (const ConfigError& error) {
      // A trailing "\n" in `expected` pins the end of the message.
      EXPECT_NE((std::string(error.what()) + "\n").find(row.expected), std::string::npos)
          << "expected: " << row.expected << "\ngot:\n"
          << error.what();
    }
  }
}

TEST(ConfigErrors, ReportsEveryProblemInOneFileInOrder) {
  const char* text =
      "[service]\n"                            // 1
      "concurrency = \"many\"\n"               // 2
      "[[site]]\n"                             // 3
      "name = \"a\"\n"                         // 4
      "url = \"gopher://a.example/\"\n"        // 5
      "extractor = \"nknews\"\n"               // 6
      "intervall = \"10m\"\n"                  // 7
      "[[watch]]\n"                            // 8
      "name = \"w\"\n"                         // 9
      "query = \"x\"\n"                        // 10
      "notify = [\"ops\"]\n"                   // 11
      "[[notify]]\n"                           // 12
      "name = \"mail\"\n"                      // 13
      "type = \"email\"\n"                     // 14
      "smtp_url = \"smtp://mail.example\"\n";  // 15: from and to missing
  try {
    parse_config(text, "many.toml");
    FAIL() << "no ConfigError";
  } catch (const ConfigError& error) {
    std::vector<std::string> got;
    for (const ConfigDiagnostic& d : error.diagnostics()) got.push_back(d.to_string());
    const std::vector<std::string> expected = {
        "many.toml:2:15: error: 'concurrency' must be an integer, got string",
        "many.toml:5:7: error: 'url' must be an http:// or https:// URL, got 'gopher://a.example/'",
        "many.toml:7:1: error: unknown key 'intervall' in [[site]] (did you mean 'interval'?)",
        "many.toml:11:11: error: watch names unknown notifier 'ops'",
        "many.toml:12:1: error: missing required key 'from' in [[notify]]",
        "many.toml:12:1: error: missing required key 'to' in [[notify]]",
    };
    EXPECT_EQ(got, expected);
  }
}

TEST(ConfigErrors, UnreadableFileIsOneDiagnosticWithoutPosition) {
  try {
    load_config("/nonexistent/newswatch.toml");
    FAIL() << "no ConfigError";
  } catch (const ConfigError& error) {
    ASSERT_EQ(error.diagnostics().size(), 1u);
    EXPECT_EQ(error.diagnostics()[0].to_string(),
              "/nonexistent/newswatch.toml: error: cannot read config file: No such file or directory");
  }
}

TEST(ConfigErrors, LoadedFileIsNamedByItsPathInDiagnostics) {
  testing::ScopedFile file("bad.toml", "[service]\nconcurency = 4\n");
  try {
    load_config(file.path());
    FAIL() << "no ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_STREQ(error.what(), (file.path().string() +
                                ":2:1: error: unknown key 'concurency' in [service] (did you mean 'concurrency'?)")
                                   .c_str());
  }
}

TEST(ConfigErrors, EmptyArraysOfTablesAreValid) {
  const Config config = parse_config("site = []\nwatch = []\nnotify = []\n", "empty.toml");
  EXPECT_TRUE(config.sites.empty());
  EXPECT_TRUE(config.watches.empty());
}

TEST(ConfigErrors, EmptyFileIsAValidConfigWithDefaults) {
  const Config config = parse_config("", "empty.toml");
  EXPECT_TRUE(config.sites.empty());
  EXPECT_EQ(config.service.concurrency, 8);
  EXPECT_EQ(config.service.per_host_delay, Seconds{5});
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
