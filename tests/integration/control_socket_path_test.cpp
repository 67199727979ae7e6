// Where `newswatch crawl` finds a service: beside a SQLite file, or, on a shared PostgreSQL database, at the socket
// of the instance its config file names (app/control_socket.h), the same from the service and from a shell.

#include <gtest/gtest.h>

#include "app/control_socket.h"
#include "tests/config/scoped_env.h"

namespace newswatch {
namespace {
namespace NEWSWATCH_FILE_ID {

const std::string k_uri = "postgresql://nw@db.internal/newswatch";

TEST(ControlSocketPath, SqliteDatabase_SocketBesideTheFile_WhateverTheConfig) {
  EXPECT_EQ(control_socket_path("/var/lib/newswatch/newswatch.db", "/etc/newswatch/newswatch.toml"),
            std::filesystem::path("/var/lib/newswatch/newswatch.db.sock"));
  EXPECT_EQ(control_socket_path(":memory:", "/etc/newswatch/newswatch.toml"), std::nullopt);
}

TEST(ControlSocketPath, Postgres_OneSocketPerConfigFile_EvenWithTheSameName) {
  testing::ScopedEnv runtime("RUNTIME_DIRECTORY", std::nullopt);
  const auto a = control_socket_path(k_uri, "/srv/a/newswatch.toml");
  const auto b = control_socket_path(k_uri, "/srv/b/newswatch.toml");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->parent_path(), "/srv/a") << "beside the config file";
  EXPECT_EQ(b->parent_path(), "/srv/b");
  EXPECT_NE(a->filename(), b->filename()) << "two instances never share a socket";
  EXPECT_TRUE(a->filename().string().starts_with("newswatch-")) << *a;
  EXPECT_EQ(control_socket_path(k_uri, "/srv/a/./x/../newswatch.toml"), a) << "the same file, spelt otherwise";
}

TEST(ControlSocketPath, Postgres_InstalledConfig_ServiceAndShellAgreeOnRunNewswatch) {
  const std::filesystem::path config = "/etc/newswatch/newswatch.toml";
  std::optional<std::filesystem::path> from_shell, from_unit;
  {
    testing::ScopedEnv runtime("RUNTIME_DIRECTORY", std::nullopt);
    from_shell = control_socket_path(k_uri, config);
  }
  {
    testing::ScopedEnv runtime("RUNTIME_DIRECTORY", "/run/newswatch");  // the unit's RuntimeDirectory=newswatch
    from_unit = control_socket_path(k_uri, config);
  }
  ASSERT_TRUE(from_shell);
  EXPECT_EQ(from_shell->parent_path(), "/run/newswatch");
  EXPECT_EQ(from_shell, from_unit);
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
}  // namespace newswatch
