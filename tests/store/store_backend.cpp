// The backend the store tests run on. The same tests run twice under ctest: as themselves on SQLite, and as
// pg.* on PostgreSQL (NEWSWATCH_TEST_BACKEND=postgresql), where each test database is a database of its own on
// the test cluster (NEWSWATCH_TEST_PG_URI: an administrative connection to it), made on first use.

#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <thread>

#include <unistd.h>

#include <gtest/gtest.h>

#include "store/postgres.h"
#include "store/sqlite.h"
#include "tests/store/store_test_util.h"

namespace newswatch::testing {
namespace {

const char* admin_uri() {
  return std::getenv("NEWSWATCH_TEST_PG_URI");
}

/// `uri` with its database name replaced by `name` (the admin URI's path is "/postgres" or empty).
std::string with_database(const std::string& uri, const std::string& name) {
  const std::size_t scheme_end = uri.find("://") + 3;
  const std::size_t path = uri.find('/', scheme_end);
  const std::size_t query = uri.find('?', scheme_end);
  std::string head = uri.substr(0, path != std::string::npos && (query == std::string::npos || path < query)
                                       ? path
                                       : (query == std::string::npos ? uri.size() : query));
  std::string tail = query == std::string::npos ? "" : uri.substr(query);
  return head + "/" + name + tail;
}

/// Skips every test of a PostgreSQL run when no cluster was given, saying so once per test.
class BackendEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    if (on_postgres() && !admin_uri())
      GTEST_SKIP() << "PostgreSQL run without a test cluster (NEWSWATCH_TEST_PG_URI is not set)";
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
  static std::map<std::string, std::string> made;  // test path -> its database's URI
  if (auto it = made.find(path); it != made.end()) return it->second;
  std::random_device random;
  const std::string name =
      "nw_" + std::to_string(::getpid()) + "_" + std::to_string(made.size()) + "_" + std::to_string(random() % 1000000);
  pg::Connection admin(admin_uri(), std::nullopt, pg::OpenMode::create);
  admin.exec("CREATE DATABASE " + name + " TEMPLATE template0");
  return made.emplace(path, with_database(admin_uri(), name)).first->second;
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
