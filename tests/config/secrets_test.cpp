// Secrets come from the file, an environment variable or a file such as a
// systemd credential; problems name the variable or path, never the secret.

#include <gtest/gtest.h>

#include "config/config.h"
#include "scoped_env.h"

namespace newswatch {
namespace {

std::string webhook_with(const std::string& secret_lines) {
  return "[[notify]]\nname = \"n\"\ntype = \"webhook\"\nurl = \"http://127.0.0.1:9/\"\n" + secret_lines;
}

std::string email_with(const std::string& password_lines) {
  return "[[notify]]\nname = \"m\"\ntype = \"email\"\nsmtp_url = \"smtp://mail.example\"\nfrom = \"a@example\"\n"
         "to = [\"b@example\"]\nusername = \"u\"\n" +
         password_lines;
}

std::string error_of(const std::string& text) {
  try {
    parse_config(text, "s.toml");
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
  const Config config = parse_config(webhook_with("secret_env = \"NEWSWATCH_TEST_SECRET\"\n"), "s.toml");
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
  const Config config = parse_config(email_with("password_file = \"" + file.path().string() + "\"\n"), "s.toml");
  EXPECT_EQ(config.notifiers.at(0).password, "s3cret pass");
}

TEST(Secrets, RelativeFileIsReadFromCredentialsDirectory) {
  testing::ScopedFile file("smtp", "cred\r\n");
  testing::ScopedEnv credentials("CREDENTIALS_DIRECTORY", file.dir().string());
  const Config config = parse_config(email_with("password_file = \"smtp\"\n"), "s.toml");
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

}  // namespace
}  // namespace newswatch
