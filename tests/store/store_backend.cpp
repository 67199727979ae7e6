// The backend the store tests run on. The same tests run twice under ctest: as themselves on SQLite, and as
// pg.* on PostgreSQL (NEWSWATCH_TEST_BACKEND=postgresql), where each test database path stands for a database
// of its own on the fixture's cluster (tests/support/postgres.h), made on first use and dropped at exit.

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "store/postgres.h"
#include "store/sqlite.h"
#include "tests/store/store_test_util.h"
#include "tests/support/postgres.h"

namespace newswatch::testing {
namespace {

/// Skips every test of a PostgreSQL run where PostgreSQL is not installed (or the run is not ctest's), saying why.
class BackendEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    if (!on_postgres()) return;
    if (auto why = test::PostgresDatabase::unavailable()) GTEST_SKIP() << *why;
  }
};

[[maybe_unused]] auto* const k_environment = ::testing::AddGlobalTestEnvironment(new BackendEnvironment);

}  // namespace

bool on_postgres() {
  const char* backend = std::getenv("NEWSWATCH_TEST_BACKEND");
  return backend && std::string(backend) == "postgresql";
}

namespace {

/// Test path -> its database; ":memory:"'s are kept here too, until exit.
std::map<std::string, std::unique_ptr<test::PostgresDatabase>>& databases() {
  static std::map<std::string, std::unique_ptr<test::PostgresDatabase>> made;
  return made;
}

/// `database`'s URI naming the cluster's maintenance database instead, for statements about `database` itself.
std::string admin_uri(const test::PostgresDatabase& database) {
  std::string uri = database.uri();
  return uri.replace(uri.find("/" + database.name()) + 1, database.name().size(), "postgres");
}

}  // namespace

std::string store_address(const std::string& path) {
  if (!on_postgres()) return path;
  auto& made = databases();
  // ":memory:" is a new, empty database at every open on SQLite, so it is a new one here too, never shared.
  static int memories = 0;
  const std::string key = path == ":memory:" ? path + std::to_string(memories++) : path;
  auto& database = made[key];
  if (!database) database = std::make_unique<test::PostgresDatabase>();
  return database->uri();
}

void copy_database(const std::string& from, const std::string& to) {
  if (!on_postgres()) {
    std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
    return;
  }
  store_address(from);  // made now if the test never opened them
  store_address(to);
  auto& made = databases();
  const test::PostgresDatabase& source = *made.at(from);
  const test::PostgresDatabase& target = *made.at(to);
  // The target keeps its name (its PostgresDatabase drops it at exit); its content becomes a copy of the source.
  pg::Connection admin(admin_uri(target), std::nullopt, pg::OpenMode::create);
  admin.exec("DROP DATABASE " + target.name() + " WITH (FORCE)");
  admin.exec("CREATE DATABASE " + target.name() + " TEMPLATE " + source.name());
}

bool wait_for_lock_waiter(const std::string& path) {
  auto db = inspect(path);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (std::chrono::steady_clock::now() < deadline) {
    if (db->scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                   "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()") != "0")
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

std::unique_ptr<sql::Connection> inspect(const std::string& path) {
  if (on_postgres()) return std::make_unique<pg::Connection>(store_address(path), std::nullopt, pg::OpenMode::create);
  return std::make_unique<sqlite::Database>(path);
}

}  // namespace newswatch::testing
