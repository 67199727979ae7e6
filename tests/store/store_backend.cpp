// The backend the store tests run on. The same tests run twice under ctest: as themselves on SQLite, and as
// pg.* on PostgreSQL (NEWSWATCH_TEST_BACKEND=postgresql), where each test database path stands for a database
// of its own on the fixture's cluster (tests/support/postgres.h), made on first use and dropped at exit.

#include <cstdlib>
#include <map>
#include <memory>
#include <string>

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

std::string store_address(const std::string& path) {
  if (!on_postgres()) return path;
  static std::map<std::string, std::unique_ptr<test::PostgresDatabase>> made;  // test path -> its database
  auto& database = made[path];
  if (!database) database = std::make_unique<test::PostgresDatabase>();
  return database->uri();
}

std::unique_ptr<sql::Connection> inspect(const std::string& path) {
  if (on_postgres()) return std::make_unique<pg::Connection>(store_address(path), std::nullopt, pg::OpenMode::create);
  return std::make_unique<sqlite::Database>(path);
}

}  // namespace newswatch::testing
