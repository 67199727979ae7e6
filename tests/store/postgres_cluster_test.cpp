// The PostgreSQL test harness itself (tests/support/postgres.h on the ctest fixture `postgres`): each test's
// database is its own, is gone after it, and a missing server is a skip that says what to install.

#include <gtest/gtest.h>

#include <cstdio>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "tests/config/scoped_env.h"
#include "tests/support/files.h"
#include "tests/support/postgres.h"

namespace {
namespace NEWSWATCH_FILE_ID {

using newswatch::test::PostgresDatabase;

/// What `command` printed on stdout, without the trailing newline.
std::string output_of(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  std::string out;
  char buffer[256];
  while (pipe && std::fgets(buffer, sizeof buffer, pipe.get())) out += buffer;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST(PostgresDatabase, TwoDatabases_WhatOneWritesTheOtherNeverSees) {
  NEWSWATCH_SKIP_WITHOUT_POSTGRES();
  PostgresDatabase first;
  PostgresDatabase second;
  EXPECT_NE(first.name(), second.name());

  first.query_value("CREATE TABLE items (title text)");
  first.query_value("INSERT INTO items VALUES ('Missile test reported')");
  EXPECT_EQ(first.query_value("SELECT title FROM items"), "Missile test reported");

  EXPECT_EQ(second.query_value("SELECT to_regclass('items')::text"), std::nullopt);
  EXPECT_EQ(second.query_value("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"), "0");
}

TEST(PostgresDatabase, ADatabase_IsDroppedWhenTheTestIsDone) {
  NEWSWATCH_SKIP_WITHOUT_POSTGRES();
  PostgresDatabase observer;
  std::string name;
  {
    PostgresDatabase db;
    name = db.name();
    db.query_value("CREATE TABLE items (title text)");
    EXPECT_EQ(observer.query_value("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"), "1");
  }
  EXPECT_EQ(observer.query_value("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'"), "0");
}

TEST(PostgresDatabase, ItsUris_ReachItFromPsql_OverTheSocketAndOverLoopbackTcp) {
  NEWSWATCH_SKIP_WITHOUT_POSTGRES();
  PostgresDatabase db;
  EXPECT_TRUE(db.uri().starts_with("postgresql://postgres@/" + db.name() + "?host=/")) << db.uri();
  db.query_value("CREATE TABLE marker (word text)");
  db.query_value("INSERT INTO marker VALUES ('here')");
  // psql comes with the server (postgresql-client): the URI is read by libpq as the product will read it.
  EXPECT_EQ(output_of("psql '" + db.uri() + "' -Atc 'SELECT word FROM marker' 2>&1"), "here");
  EXPECT_EQ(output_of("psql '" + db.tcp_uri() + "' -Atc 'SELECT word FROM marker' 2>&1"), "here");
}

TEST(PostgresDatabase, EightCreatedAtOnce_EachIsEmptyAndItsOwn) {
  NEWSWATCH_SKIP_WITHOUT_POSTGRES();
  std::vector<std::future<std::string>> answers;
  for (int i = 0; i < 8; ++i) {
    answers.push_back(std::async(std::launch::async, [i] {
      PostgresDatabase db;
      db.query_value("CREATE TABLE who (n int)");
      db.query_value("INSERT INTO who VALUES (" + std::to_string(i) + ")");
      return db.query_value("SELECT string_agg(n::text, ',') FROM who").value_or("none");
    }));
  }
  for (int i = 0; i < 8; ++i) EXPECT_EQ(answers[i].get(), std::to_string(i));
}

TEST(PostgresDatabase, RunOutsideCtest_SkipsSayingHowToRunIt) {
  newswatch::testing::ScopedEnv no_fixture("NEWSWATCH_TEST_PG_DIR", std::nullopt);
  auto why = PostgresDatabase::unavailable();
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("NEWSWATCH_TEST_PG_DIR is not set: run this test through ctest"), std::string::npos) << *why;
}

TEST(PostgresDatabase, PostgresNotInstalled_SkipsNamingThePackage) {
  newswatch::test::TempDir dir;
  newswatch::test::write_file(
      dir / "not_installed",
      "PostgreSQL is not installed: apt-get install postgresql (scripts/install-deps.sh does)\n");
  newswatch::testing::ScopedEnv fixture("NEWSWATCH_TEST_PG_DIR", dir.path().string());
  EXPECT_EQ(PostgresDatabase::unavailable(),
            "PostgreSQL is not installed: apt-get install postgresql (scripts/install-deps.sh does)");
}

TEST(PostgresDatabase, ClusterThatDidNotStart_FailsTheTestWithTheServersLog) {
  newswatch::test::TempDir dir;
  newswatch::test::write_file(dir / "start_failed",
                              "the PostgreSQL test cluster did not start: pg_ctl start failed\n"
                              "FATAL:  could not create shared memory segment\n");
  newswatch::testing::ScopedEnv fixture("NEWSWATCH_TEST_PG_DIR", dir.path().string());
  EXPECT_EQ(PostgresDatabase::unavailable(), std::nullopt);  // installed but broken: not a skip
  try {
    PostgresDatabase db;
    ADD_FAILURE() << "a database on a cluster that did not start";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("could not create shared memory segment"), std::string::npos)
        << error.what();
  }
}

}  // namespace NEWSWATCH_FILE_ID
}  // namespace
