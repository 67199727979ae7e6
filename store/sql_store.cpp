#include "store/sql_store.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "store/migrations.h"
#include "store/postgres.h"
#include "store/sqlite.h"

namespace newswatch {
namespace {

constexpr int k_busy_timeout_ms = 5000;
/// On PostgreSQL the writers' turn is a queue the instances sharing the database wait in by design: another
/// instance's batch of 32 crawls can hold it for seconds on a busy server, and a crawl that gave up after 5 s
/// was dropped and crawled again, a second request to the site within its interval. A stop still cuts the
/// wait short (abandon_lock_waits), and a dead holder's turn ends with its connection.
constexpr int k_pg_turn_wait_ms = 120000;
/// The writer's page cache (SQLite's default is 2 MiB). Past a few thousand sites the tables and indexes an
/// item touches (its row and indexes, the full-text indexes) outgrow 2 MiB, and every write read its pages back
/// from the OS and wrote them to the WAL again. Measured at 10,000 sites (bench/scale.sh, bench/README.md) once
/// the story postings moved to memory: 2 MiB 8.49 ms of CPU per site, 16 MiB 8.06 ms, 64 MiB 7.98 ms, peak RSS
/// 138 / 153 / 205 MB. Pages are allocated as used, so a small database costs no more.
constexpr int k_sqlite_cache_kib = 16 * 1024;
/// WAL pages before a commit checkpoints them into the database file (SQLite's default: 1,000, ~4 MiB). With
/// the larger cache, a page written by many crawls between checkpoints is copied to the file once; the WAL
/// file grows to ~40 MiB at most, and the service's periodic checkpoint (store/retention.cpp) truncates it.
constexpr int k_sqlite_autocheckpoint_pages = 10000;

constexpr const char* k_fetch_state_columns =
    "SELECT name, url, etag, last_modified, body_hash, last_status, consecutive_failures, last_crawl_at, "
    "last_success_at, next_due_at, items_found, items_new, last_error, health, baseline_done, baseline_url FROM sites ";

FetchState fetch_state_from_row(const sql::Query& q) {
  FetchState s;
  s.site = q.text(0);
  s.url = q.text(1);
  s.etag = q.text(2);
  s.last_modified = q.text(3);
  s.body_hash = q.text(4);
  s.last_status = q.integer(5);
  s.consecutive_failures = q.integer(6);
  s.last_crawl_at = q.opt_int64(7);
  s.last_success_at = q.opt_int64(8);
  s.next_due_at = q.opt_int64(9);
  s.items_found = q.integer(10);
  s.items_new = q.integer(11);
  s.last_error = q.text(12);
  s.health = q.text(13);
  s.baseline_done = q.integer(14) != 0;
  s.baseline_url = q.text(15);
  return s;
}

// A reader cannot migrate, and the queries of this binary may name columns an older
// schema lacks: say what to do rather than fail on a missing column later.
void require_current_schema(int version) {
  if (version == sqlite::schema_version()) return;
  if (version == 0)
    throw sql::SqlError("the database has no newswatch tables (the service creates them on its first crawl)");
  if (version > sqlite::schema_version())
    throw sql::SqlError("database schema version " + std::to_string(version) + " is newer than this binary supports (" +
                        std::to_string(sqlite::schema_version()) + "); upgrade newswatch or use another database");
  throw sql::SqlError("database schema version " + std::to_string(version) + " is older than this binary's (" +
                      std::to_string(sqlite::schema_version()) +
                      "); start the service (or run `newswatch once`) once to upgrade it");
}

std::unique_ptr<sql::Connection> open_sqlite_connection(const std::string& path, StoreAccess access) {
  auto db = std::make_unique<sqlite::Database>(
      path, access == StoreAccess::read_only ? sqlite::OpenMode::read_only : sqlite::OpenMode::create);
  // The busy wait first: switching to WAL itself needs a lock another process may hold.
  db->set_busy_wait(std::chrono::milliseconds(k_busy_timeout_ms));
  if (access == StoreAccess::read_only) {
    require_current_schema(sqlite::stored_version(*db));
    return db;
  }
  std::string mode = db->scalar("PRAGMA journal_mode = WAL");
  if (mode != "wal" && mode != "memory") throw sql::SqlError("cannot enable WAL journal mode (got " + mode + ")");
  db->exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL");
  db->exec("PRAGMA cache_size = -" + std::to_string(k_sqlite_cache_kib) +
           "; PRAGMA wal_autocheckpoint = " + std::to_string(k_sqlite_autocheckpoint_pages));
  sqlite::migrate(*db);
  return db;
}

std::unique_ptr<sql::Connection> open_postgres_connection(const std::string& uri, StoreAccess access,
                                                          const std::optional<std::string>& password) {
  auto db = std::make_unique<pg::Connection>(
      uri, password, access == StoreAccess::read_only ? pg::OpenMode::read_only : pg::OpenMode::create);
  db->set_busy_wait(
      std::chrono::milliseconds(access == StoreAccess::read_only ? k_busy_timeout_ms : k_pg_turn_wait_ms));
  if (access == StoreAccess::read_only)
    require_current_schema(pg::stored_version(*db));
  else
    pg::migrate(*db);
  return db;
}

}  // namespace

std::optional<std::string> store_password(const StoreSecrets& secrets) {
  if (secrets.password_file.empty()) return std::nullopt;
  // The first line, without its line end (`echo secret > file` adds one).
  std::ifstream in(secrets.password_file);
  if (!in) throw sql::SqlError("cannot read password_file " + secrets.password_file + ": " + std::strerror(errno));
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::vector<std::string> string_list_from_json(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& v : j) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::string string_list_to_json(const std::vector<std::string>& values) {
  return nlohmann::json(values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

SqlStore::SqlStore(std::unique_ptr<sql::Connection> connection)
    : m_connection(std::move(connection)), m_db(*m_connection) {}

SqlStore::SqlStore(const std::string& path, StoreAccess access) : SqlStore(open_sqlite_connection(path, access)) {}

std::string no_database_message(const std::string& path) {
  return "no database at " + path + " yet (the service creates it on its first crawl)";
}

bool is_postgres_uri(std::string_view database) {
  return database.starts_with("postgresql://") || database.starts_with("postgres://");
}

std::string loggable_database(std::string_view database) {
  if (!is_postgres_uri(database)) return std::string(database);
  // postgresql://user:secret@host/db?password=secret -> postgresql://user:***@host/db?password=***: the password
  // never reaches a log, whichever of the two places holds it.
  std::string out(database);
  const std::size_t scheme_end = out.find("://") + 3;
  const std::size_t authority_end = std::min(out.find_first_of("/?", scheme_end), out.size());
  const std::size_t at = out.rfind('@', authority_end);
  if (at != std::string::npos && at >= scheme_end) {
    const std::size_t colon = out.find(':', scheme_end);
    if (colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  for (const char* key : {"?password=", "&password="}) {
    const std::size_t found = out.find(key);
    if (found == std::string::npos) continue;
    const std::size_t value = found + std::string_view(key).size();
    const std::size_t end = out.find('&', value);
    out.replace(value, end == std::string::npos ? std::string::npos : end - value, "***");
  }
  return out;
}

Result<std::unique_ptr<Store>> open_store(const std::string& database, StoreAccess access,
                                          const StoreSecrets& secrets) {
  if (!is_postgres_uri(database)) return open_sqlite_store(database, access);
  try {
    return std::make_unique<SqlStore>(open_postgres_connection(database, access, store_password(secrets)));
  } catch (const std::exception& e) {
    return fail(ErrorKind::storage, "database " + loggable_database(database) + ": " + e.what());
  }
}

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, StoreAccess access) {
  std::error_code ignored;
  if (access == StoreAccess::read_only && !std::filesystem::exists(path, ignored))
    return fail(ErrorKind::storage, no_database_message(path));
  try {
    return std::make_unique<SqlStore>(path, access);
  } catch (const std::exception& e) {
    return fail(ErrorKind::storage, "database " + path + ": " + e.what());
  }
}

std::optional<FetchState> SqlStore::read_fetch_state(std::string_view site) {
  auto q = m_db.query(std::string(k_fetch_state_columns) + "WHERE name = ?1");
  q.bind(1, site);
  if (!q.step()) return std::nullopt;
  return fetch_state_from_row(q);
}

void SqlStore::write_fetch_state(const FetchState& s) {
  auto q = m_db.query(
      "INSERT INTO sites(name, url, etag, last_modified, body_hash, last_status, consecutive_failures, "
      "last_crawl_at, last_success_at, next_due_at, items_found, items_new, last_error, health, baseline_done, "
      "baseline_url) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) "
      "ON CONFLICT(name) DO UPDATE SET url = excluded.url, etag = excluded.etag, "
      "last_modified = excluded.last_modified, body_hash = excluded.body_hash, last_status = excluded.last_status, "
      "consecutive_failures = excluded.consecutive_failures, last_crawl_at = excluded.last_crawl_at, "
      "last_success_at = excluded.last_success_at, next_due_at = excluded.next_due_at, "
      "items_found = excluded.items_found, items_new = excluded.items_new, last_error = excluded.last_error, "
      "health = excluded.health, baseline_done = excluded.baseline_done, baseline_url = excluded.baseline_url");
  q.bind(1, s.site).bind(2, s.url).bind(3, s.etag).bind(4, s.last_modified).bind(5, s.body_hash);
  q.bind(6, s.last_status).bind(7, s.consecutive_failures).bind(8, s.last_crawl_at).bind(9, s.last_success_at);
  q.bind(10, s.next_due_at).bind(11, s.items_found).bind(12, s.items_new).bind(13, s.last_error);
  q.bind(14, s.health).bind(15, s.baseline_done ? 1 : 0).bind(16, s.baseline_url);
  q.run();
}

Result<FetchState> SqlStore::fetch_state(std::string_view site) {
  return guarded("fetch state of site " + std::string(site), [&]() -> Result<FetchState> {
    if (auto state = read_fetch_state(site)) return *state;
    FetchState fresh;
    fresh.site = std::string(site);
    return fresh;
  });
}

Result<void> SqlStore::note_health(std::string_view site, std::string_view health) {
  return guarded("health of site " + std::string(site), [&]() -> Result<void> {
    auto q = m_db.query("UPDATE sites SET health = ?2 WHERE name = ?1");
    q.bind(1, site).bind(2, health).run();
    return {};
  });
}

Result<std::vector<FetchState>> SqlStore::fetch_states() {
  return guarded("fetch states", [&]() -> Result<std::vector<FetchState>> {
    std::vector<FetchState> out;
    auto q = m_db.query(std::string(k_fetch_state_columns) + "ORDER BY name");
    while (q.step()) out.push_back(fetch_state_from_row(q));
    return out;
  });
}

}  // namespace newswatch
