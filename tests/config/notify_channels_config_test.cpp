// The [[notify]] types ntfy, telegram, matrix, gotify and apprise: their keys
// as the README lists them, tokens from token_env / token_file like every
// secret, and located errors for what a user gets wrong (another type's key,
// a misspelt key, a room alias, a topic-less ntfy URL), never quoting a secret.

#include <gtest/gtest.h>

#include "config/config.h"
#include "scoped_env.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

std::string error_of(const std::string& text) {
  try {
    Config config = parse_config(text, "t.toml");
    resolve_secrets(config);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(NotifyChannelsConfig, EachTypeReadsItsKeys) {
  testing::ScopedEnv token("NW_TEST_TG_TOKEN", "123:abc");
  Config config = parse_config(R"toml(
[[notify]]
name = "phone"
type = "ntfy"
url = "https://ntfy.sh/nk-alerts"
token = "tk_1"

[[notify]]
name = "tg"
type = "telegram"
token_env = "NW_TEST_TG_TOKEN"
chat_id = -1001234567890
thread_id = 7

[[notify]]
name = "room"
type = "matrix"
homeserver = "https://matrix.example.org/"
room = "!abc:example.org"
token = "syt_x"

[[notify]]
name = "got"
type = "gotify"
url = "https://gotify.example.org/"
token = "A1"

[[notify]]
name = "many"
type = "apprise"
url = "http://127.0.0.1:8000/notify"
targets = ["tgram://t/c", "mailto://u:p@example.org"]
)toml",
                               "t.toml");
  resolve_secrets(config);
  const NotifierConfig& ntfy = *config.find_notifier("phone");
  EXPECT_EQ(ntfy.type, NotifierType::ntfy);
  EXPECT_EQ(ntfy.url, "https://ntfy.sh/nk-alerts");
  EXPECT_EQ(ntfy.token, "tk_1");
  const NotifierConfig& tg = *config.find_notifier("tg");
  EXPECT_EQ(tg.type, NotifierType::telegram);
  EXPECT_EQ(tg.token, "123:abc") << "from token_env";
  EXPECT_EQ(tg.chat_id, "-1001234567890");
  EXPECT_EQ(tg.thread_id, 7);
  EXPECT_EQ(tg.api_url, "https://api.telegram.org") << "the default";
  const NotifierConfig& room = *config.find_notifier("room");
  EXPECT_EQ(room.homeserver, "https://matrix.example.org") << "trailing slash dropped";
  EXPECT_EQ(room.room, "!abc:example.org");
  EXPECT_EQ(config.find_notifier("got")->url, "https://gotify.example.org");
  EXPECT_EQ(config.find_notifier("many")->targets.size(), 2u);
}

TEST(NotifyChannelsConfig, NtfyBasicAuth_PasswordFromAFile) {
  testing::ScopedFile password("ntfy-pw", "hunter2\n");
  Config config = parse_config(
      "[[notify]]\nname = \"n\"\ntype = \"ntfy\"\nurl = \"http://127.0.0.1:9/t\"\n"
      "username = \"u\"\npassword_file = \"" +
          password.path().string() + "\"\n",
      "t.toml");
  resolve_secrets(config);
  EXPECT_EQ(config.notifiers[0].username, "u");
  EXPECT_EQ(config.notifiers[0].password, "hunter2");
}

struct BadChannel {
  const char* name;
  std::string text;
  std::string message;
};

#define TG "[[notify]]\nname = \"n\"\ntype = \"telegram\"\n"
#define MX "[[notify]]\nname = \"n\"\ntype = \"matrix\"\nhomeserver = \"https://m.example\"\ntoken = \"t\"\n"

const BadChannel k_bad[] = {
    {"misspelt type", "[[notify]]\nname = \"n\"\ntype = \"telegarm\"\n",
     "t.toml:3:8: error: 'type' must be webhook, email, ntfy, telegram, matrix, gotify or apprise, got 'telegarm' "
     "(did you mean 'telegram'?)"},
    {"telegram missing token", TG "chat_id = 1\n", "t.toml:1:1: error: missing required key 'token' in [[notify]]"},
    {"telegram missing chat", TG "token = \"t\"\n", "t.toml:1:1: error: missing required key 'chat_id' in [[notify]]"},
    {"telegram bad chat", TG "token = \"t\"\nchat_id = \"nk news\"\n",
     "t.toml:5:11: error: 'chat_id' must be a number or an @channel name, got 'nk news'"},
    {"telegram bad api_url", TG "token = \"t\"\nchat_id = 1\napi_url = \"ftp://x\"\n",
     "t.toml:6:11: error: telegram 'api_url' must be an http:// or https:// URL"},
    {"telegram with url", TG "token = \"t\"\nchat_id = 1\nurl = \"https://x\"\n",
     "t.toml:6:7: error: 'url' does not apply to a telegram notifier"},
    {"telegram misspelt key", TG "token = \"t\"\nchat_id = 1\nthred_id = 3\n",
     "t.toml:6:1: error: unknown key 'thred_id' in [[notify]] (did you mean 'thread_id'?)"},
    {"telegram two tokens", TG "token = \"t\"\ntoken_env = \"X\"\nchat_id = 1\n",
     "t.toml:5:13: error: set only one of 'token', 'token_env' and 'token_file'"},
    {"matrix room alias", MX "room = \"#nk:example.org\"\n",
     "t.toml:6:8: error: 'room' must be the room id (\"!abc123:example.org\", in the room's settings under Advanced), "
     "not an alias: the send API takes ids only"},
    {"matrix missing room", MX, "t.toml:1:1: error: missing required key 'room' in [[notify]]"},
    {"ntfy without topic", "[[notify]]\nname = \"n\"\ntype = \"ntfy\"\nurl = \"https://ntfy.sh/\"\n",
     "t.toml:4:7: error: ntfy 'url' must name the topic, e.g. \"https://ntfy.sh/mytopic\""},
    {"ntfy token and basic",
     "[[notify]]\nname = \"n\"\ntype = \"ntfy\"\nurl = \"https://ntfy.sh/t\"\ntoken = \"a\"\nusername = \"u\"\n"
     "password = \"p\"\n",
     "t.toml:6:12: error: set either 'token' (Bearer) or 'username' and 'password' (Basic), not both"},
    {"gotify missing token", "[[notify]]\nname = \"n\"\ntype = \"gotify\"\nurl = \"https://g.example\"\n",
     "t.toml:1:1: error: missing required key 'token' in [[notify]]"},
    {"apprise empty targets",
     "[[notify]]\nname = \"n\"\ntype = \"apprise\"\nurl = \"http://a:8000/notify\"\ntargets = []\n",
     "t.toml:5:11: error: 'targets' must list at least one Apprise URL"},
    {"apprise target not a url",
     "[[notify]]\nname = \"n\"\ntype = \"apprise\"\nurl = \"http://a:8000/notify\"\ntargets = [\"s3cr3t-token\"]\n",
     "t.toml:5:12: error: each of 'targets' must be an Apprise URL such as \"tgram://TOKEN/CHAT\""},
    {"email with token",
     "[[notify]]\nname = \"m\"\ntype = \"email\"\nsmtp_url = \"smtp://m.example\"\n"
     "from = \"a@example\"\nto = [\"b@example\"]\ntoken = \"t\"\n",
     "t.toml:7:9: error: 'token' does not apply to an email notifier"},
};

TEST(NotifyChannelsConfig, EachMistakeReportsItsLocatedDiagnostic) {
  for (const BadChannel& row : k_bad) {
    SCOPED_TRACE(row.name);
    const std::string error = error_of(row.text);
    EXPECT_NE(error.find(row.message), std::string::npos) << error;
  }
}

TEST(NotifyChannelsConfig, UnreadableTokenFile_NamesThePathNeverASecret) {
  const std::string error = error_of(TG "token_file = \"/nonexistent/newswatch-token\"\nchat_id = 1\n");
  EXPECT_NE(error.find("t.toml:4:14: error: cannot read 'token_file' file '/nonexistent/newswatch-token'"),
            std::string::npos)
      << error;
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
