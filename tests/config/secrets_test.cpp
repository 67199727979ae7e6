// Secrets come from the file, an environment variable or a file such as a
// systemd credential; problems name the variable or path, never the secret.
// KEY_env / KEY_file are read by resolve_secrets() (run, once, alerts retry),
// not by the load, so the commands that send nothing need no secret.

#include <gtest/gtest.h>

#include "config/config.h"
#include "scoped_env.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

std::string webhook_with(const std::string& secret_lines) {
  return "[[notify]]\nname = \"n\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:9/\"\n" + secret_lines;
}

std::string email_with(const std::string& password_lines) {
  return "[[notify]]\nname = \"m\"\ntype = \"email\"\nsmtp_url = \"smtp://mail.example\"\nfrom = \"a@example\"\n"
         "to = [\"b@example\"]\nusername = \"u\"\n" +
         password_lines;
}

/// The config as run, once and alerts retry see it: loaded, then its secrets read.
Config resolved(const std::string& text) {
  Config config = parse_config(text, "s.toml");
  resolve_secrets(config);
  return config;
}

std::string error_of(const std::string& text) {
  try {
    resolved(text);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "(no error)";
}

TEST(Secrets, InlineSecretIsUsedAsIs) {
  const Config config = parse_config(webhook_with("secret = \"abc\"\n"), "s.toml");
  EXPECT_EQ(config.notifiers.at(0).secret, "abc");
}

TEST(Secrets, NoSecretLeavesItEmpty) {
  EXPECT_EQ(parse_config(webhook_with(""), "s.toml").notifiers.at(0).secret, "");
}

TEST(Secrets, EnvVariableIsRead) {
  testing::ScopedEnv env("NEWSWATCH_TEST_SECRET", "from-env");
  const Config config = resolved(webhook_with("secret_env = \"NEWSWATCH_TEST_SECRET\"\n"));
  EXPECT_EQ(config.notifiers.at(0).secret, "from-env");
}

TEST(Secrets, UnsetOrEmptyEnvVariableIsAnErrorNamingIt) {
  const std::string expected =
      "s.toml:5:14: error: environment variable 'NEWSWATCH_TEST_SECRET' named by 'secret_env' is not set or empty";
  {
    testing::ScopedEnv env("NEWSWATCH_TEST_SECRET", std::nullopt);
    EXPECT_EQ(error_of(webhook_with("secret_env = \"NEWSWATCH_TEST_SECRET\"\n")), expected);
  }
  {
    testing::ScopedEnv env("NEWSWATCH_TEST_SECRET", "");
    EXPECT_EQ(error_of(webhook_with("secret_env = \"NEWSWATCH_TEST_SECRET\"\n")), expected);
  }
}

TEST(Secrets, FileIsReadWithTrailingNewlineTrimmed) {
  testing::ScopedFile file("pw", "s3cret pass\n");
  const Config config = resolved(email_with("password_file = \"" + file.path().string() + "\"\n"));
  EXPECT_EQ(config.notifiers.at(0).password, "s3cret pass");
}

TEST(Secrets, RelativeFileIsReadFromCredentialsDirectory) {
  testing::ScopedFile file("smtp", "cred\r\n");
  testing::ScopedEnv credentials("CREDENTIALS_DIRECTORY", file.dir().string());
  const Config config = resolved(email_with("password_file = \"smtp\"\n"));
  EXPECT_EQ(config.notifiers.at(0).password, "cred");
}

TEST(Secrets, UnreadableFileIsAnErrorNamingThePath) {
  EXPECT_EQ(error_of(email_with("password_file = \"/nonexistent/pw\"\n")),
            "s.toml:8:17: error: cannot read 'password_file' file '/nonexistent/pw': No such file or directory");
}

TEST(Secrets, EmptyFileIsAnError) {
  testing::ScopedFile file("pw", "\n");
  EXPECT_EQ(error_of(webhook_with("secret_file = \"" + file.path().string() + "\"\n")),
            "s.toml:5:15: error: 'secret_file' file '" + file.path().string() + "' is empty");
}

TEST(Secrets, SecretValuesNeverAppearInDiagnostics) {
  testing::ScopedFile file("pw", "TOPSECRET-FILE\n");
  testing::ScopedEnv env("NEWSWATCH_TEST_SECRET", "TOPSECRET-ENV");
  // Each notifier has a resolved secret and another problem beside it.
  const std::string text = webhook_with("secret_env = \"NEWSWATCH_TEST_SECRET\"\nformat = \"TOPSECRET?\"\n") +
                           email_with("password_file = \"" + file.path().string() + "\"\ntls = \"bad\"\n");
  const std::string error = error_of(text);
  EXPECT_NE(error.find("'tls' must be"), std::string::npos) << error;
  EXPECT_EQ(error.find("TOPSECRET-FILE"), std::string::npos) << error;
  EXPECT_EQ(error.find("TOPSECRET-ENV"), std::string::npos) << error;
}

TEST(Secrets, OnlyOneVariantMayBeGiven) {
  testing::ScopedEnv env("NEWSWATCH_TEST_SECRET", "x");
  EXPECT_EQ(error_of(email_with("password = \"a\"\npassword_env = \"NEWSWATCH_TEST_SECRET\"\n")),
            "s.toml:9:16: error: set only one of 'password', 'password_env' and 'password_file'");
}

TEST(Secrets, UnreadableSecretDoesNotStopTheLoad_OnlyItsUse) {
  testing::ScopedEnv env("NEWSWATCH_TEST_SECRET", std::nullopt);
  const std::string text =
      webhook_with("secret_env = \"NEWSWATCH_TEST_SECRET\"\n") + email_with("password_file = \"/nonexistent/pw\"\n");
  Config config = parse_config(text, "s.toml");  // what status, items, match and alerts load
  EXPECT_EQ(config.notifiers.at(0).secret, "");
  ASSERT_TRUE(config.notifiers.at(1).password_ref);
  EXPECT_EQ(config.notifiers.at(1).password_ref->source, "/nonexistent/pw");
  try {
    resolve_secrets(config);
    ADD_FAILURE() << "resolve_secrets accepted two unreadable secrets";
  } catch (const ConfigError& error) {
    ASSERT_EQ(error.diagnostics().size(), 2u) << error.what();
    EXPECT_EQ(error.diagnostics()[1].to_string(),
              "s.toml:13:17: error: cannot read 'password_file' file '/nonexistent/pw': No such file or directory");
  }
}

TEST(Secrets, UnreadableSecretIsALocatedWarningForCheckConfig) {
  testing::ScopedEnv env("NEWSWATCH_TEST_SECRET", std::nullopt);
  const Config config = parse_config(webhook_with("secret_env = \"NEWSWATCH_TEST_SECRET\"\n"), "s.toml");
  const std::vector<ConfigDiagnostic> warnings = secret_warnings(config);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_TRUE(warnings[0].warning);
  EXPECT_EQ(warnings[0].to_string().rfind("s.toml:5:14: warning: environment variable 'NEWSWATCH_TEST_SECRET' named by "
                                          "'secret_env' is not set or empty",
                                          0),
            0u)
      << warnings[0].to_string();
  EXPECT_EQ(config.notifiers.at(0).secret, "") << "a warning check keeps nothing";
}

TEST(Secrets, ReadableSecretGivesNoWarning) {
  testing::ScopedEnv env("NEWSWATCH_TEST_SECRET", "x");
  EXPECT_TRUE(
      secret_warnings(parse_config(webhook_with("secret_env = \"NEWSWATCH_TEST_SECRET\"\n"), "s.toml")).empty());
}

TEST(Secrets, PasswordFileWithoutUsernameIsStillAnErrorAtLoad) {
  const std::string text =
      "[[notify]]\nname = \"m\"\ntype = \"email\"\nsmtp_url = \"smtp://mail.example\"\n"
      "from = \"a@example\"\nto = [\"b@example\"]\npassword_file = \"/nonexistent/pw\"\n";
  EXPECT_THROW(parse_config(text, "s.toml"), ConfigError);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
