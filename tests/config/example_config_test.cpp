// The shipped example config must load cleanly and say what its comments say.

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "config/config.h"
#include "scoped_env.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

const char* k_example = NEWSWATCH_SOURCE_DIR "/config/newswatch.toml";

ConfigValidators builtin_extractors_only() {
  ConfigValidators validators;
  validators.extractor = [](std::string_view name) -> std::optional<std::string> {
    static const std::set<std::string_view> known = {"nknews", "menafn", "joongang", "css"};
    if (known.count(name)) return std::nullopt;
    return "unknown extractor '" + std::string(name) + "'";
  };
  return validators;
}

TEST(ExampleConfig, LoadsWithoutDiagnostics) {
  testing::ScopedEnv state("STATE_DIRECTORY", std::nullopt);
  Config config;
  try {
    config = load_config(k_example, builtin_extractors_only());
  } catch (const ConfigError& error) {
    FAIL() << error.what();
  }
  EXPECT_EQ(config.path, k_example);
  EXPECT_EQ(config.service.database, "newswatch.db");
  EXPECT_EQ(config.service.max_body_bytes, 8u << 20);
  ASSERT_EQ(config.sites.size(), 3u);
  EXPECT_EQ(config.sites[0].name, "nknews");
  EXPECT_EQ(config.sites[0].url, "https://www.nknews.org/category/news/");
  EXPECT_EQ(config.sites[0].interval, Seconds{600});
  EXPECT_EQ(config.sites[0].jitter, Seconds{60});
  EXPECT_EQ(config.sites[1].extractor, "menafn");
  EXPECT_EQ(config.sites[2].name, "joongang-nk");
  EXPECT_EQ(config.sites[2].interval, Seconds{900});
  EXPECT_EQ(config.aliases.at("North Korea").front(), "DPRK");
  const auto& forms = config.aliases.at("North Korea");
  EXPECT_NE(std::find(forms.begin(), forms.end(), "북한"), forms.end()) << "the example of an alias across scripts";
  ASSERT_EQ(config.watches.size(), 4u);
  EXPECT_EQ(config.watches[3].name, "kim-yo-jong-statements");  // the example of scoped terms
  EXPECT_EQ(config.watches[0].name, "russia-military");
  EXPECT_EQ(config.watches[1].sites, std::vector<std::string>{"*"});
  EXPECT_TRUE(config.watches[1].once_per_story);
  ASSERT_EQ(config.notifiers.size(), 1u);
  const NotifierConfig* webhook = config.find_notifier("local-webhook");
  ASSERT_NE(webhook, nullptr);
  EXPECT_EQ(webhook->url, "http://127.0.0.1:9999/newswatch");
  EXPECT_TRUE(webhook->secret.empty());
  EXPECT_EQ(config.find_site("nkjournal"), &config.sites[1]);
  EXPECT_EQ(config.find_site("nope"), nullptr);
}

// The commented-out css site and email notifier are examples users will
// uncomment; they must be valid too.
TEST(ExampleConfig, CommentedOutExamplesAreValidWhenUncommented) {
  std::ifstream in(k_example);
  std::stringstream uncommented;
  bool in_example = false;
  for (std::string line; std::getline(in, line);) {
    if (line == "# [[site]]" || line == "# [[notify]]") in_example = true;
    if (line.empty()) in_example = false;
    if (in_example && line.rfind("# # ", 0) != 0 && line.rfind("# ", 0) == 0) line = line.substr(2);
    uncommented << line << '\n';
  }
  testing::ScopedFile smtp("smtp", "hunter2\n");
  testing::ScopedEnv credentials("CREDENTIALS_DIRECTORY", smtp.dir().string());
  try {
    Config config = parse_config(uncommented.str(), "uncommented.toml", builtin_extractors_only());
    resolve_secrets(config);  // the password_file credential, as run reads it
    ASSERT_NE(config.find_site("example"), nullptr);
    ASSERT_TRUE(config.find_site("example")->selectors.has_value());
    EXPECT_EQ(config.find_site("example")->selectors->link, "h2 a @href");
    const NotifierConfig* mail = config.find_notifier("analyst-mail");
    ASSERT_NE(mail, nullptr);
    EXPECT_EQ(mail->password, "hunter2");
    EXPECT_EQ(mail->digest, Seconds{900});
    EXPECT_EQ(mail->tls, SmtpTls::starttls);
  } catch (const ConfigError& error) {
    FAIL() << error.what() << "\n--- text ---\n" << uncommented.str();
  }
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
