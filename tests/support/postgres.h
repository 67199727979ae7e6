#pragma once
// A fresh, empty PostgreSQL database per test, on the server the ctest fixture `postgres` started
// (tests/support/pg_cluster.sh; a suite opts in with `newswatch_test_suite(STAGE POSTGRES ...)`).
// The fixture hands the tests its folder in NEWSWATCH_TEST_PG_DIR; cluster.env there names the socket
// folder and port. Each database is created from template0 (no test sees another's tables, and template0
// never has connections, so tests running in parallel may copy it at once) under a name no other test
// process picks (pid, counter, random), and dropped WITH (FORCE) on destruction, closing any connection
// the code under test left open. A database rather than a schema: CREATE SCHEMA is 20-100x cheaper, but advisory
// locks, LISTEN/NOTIFY channels and pg_stat_activity are per database, and the URI needs no search_path.
//
//   TEST(PgStore, Something) {
//     NEWSWATCH_SKIP_WITHOUT_POSTGRES();
//     newswatch::test::PostgresDatabase db;
//     auto store = open_store(db.uri());
//     ...
//     EXPECT_EQ(db.query_value("SELECT count(*) FROM items"), "3");
//   }

#include <memory>
#include <optional>
#include <string>

struct pg_conn;  // libpq's PGconn: libpq-fe.h stays out of the tests that include this

namespace newswatch::test {

class PostgresDatabase {
 public:
  /// Why the PostgreSQL tests cannot run here, for GTEST_SKIP(): PostgreSQL is not installed, or the test was
  /// run outside ctest (NEWSWATCH_TEST_PG_DIR unset). nullopt when the server is there, and also when it is
  /// installed but failed to start: that is a failure, reported by the constructor, not a reason to skip.
  static std::optional<std::string> unavailable();

  /// Creates the database; throws std::runtime_error (failing the test) saying why when it cannot, e.g.
  /// "the PostgreSQL test cluster did not start: <the end of its log>".
  PostgresDatabase();
  /// Drops the database, and with it every connection still open to it.
  ~PostgresDatabase();
  PostgresDatabase(const PostgresDatabase&) = delete;
  PostgresDatabase& operator=(const PostgresDatabase&) = delete;

  /// "postgresql://postgres@/NAME?host=SOCKETDIR&port=PORT": a libpq connection URI (Unix socket, trust auth).
  const std::string& uri() const noexcept { return m_uri; }
  /// "postgresql://postgres@127.0.0.1:PORT/NAME": the same database over loopback TCP.
  const std::string& tcp_uri() const noexcept { return m_tcp_uri; }
  /// The database's name ("nw_test_<pid>_<n>_<random>").
  const std::string& name() const noexcept { return m_name; }

  /// Runs one SQL statement in the database on a connection of its own (opened on first use); returns the
  /// first column of the first row as text, nullopt when there is no row or it is NULL; throws
  /// std::runtime_error with the server's message when the statement fails. One thread at a time.
  std::optional<std::string> query_value(const std::string& sql) const;

 private:
  struct Finish {
    void operator()(pg_conn* connection) const noexcept;  // PQfinish
  };

  std::string m_name;
  std::string m_uri;
  std::string m_tcp_uri;
  std::string m_admin_uri;
  mutable std::unique_ptr<pg_conn, Finish> m_connection;  // query_value's; closed before the drop
};

}  // namespace newswatch::test

/// Skips the calling test, with the reason, where PostgresDatabase::unavailable() gives one.
#define NEWSWATCH_SKIP_WITHOUT_POSTGRES()                                                 \
  if (auto newswatch_pg_unavailable = ::newswatch::test::PostgresDatabase::unavailable()) \
  GTEST_SKIP() << *newswatch_pg_unavailable
