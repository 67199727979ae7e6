#pragma once
// SQLite behind sql::Connection (store/sql.h), private to store/: every sqlite3* and sqlite3_stmt* is owned
// from the line it exists. The lock wait a stop can cut short is in sqlite_busy.cpp.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <sqlite3.h>

#include "config/c_handle.h"
#include "store/sql.h"

namespace newswatch::sqlite {

using DbHandle = std::unique_ptr<sqlite3, Free<sqlite3_close_v2>>;
using StmtHandle = std::unique_ptr<sqlite3_stmt, Free<sqlite3_finalize>>;

// The backend-neutral names, for code and tests that only ever open SQLite.
using sql::Query;
using sql::SqlError;
using sql::Transaction;

/// One prepared SQLite statement.
class SqliteStatement final : public sql::Statement {
 public:
  SqliteStatement(sqlite3* db, StmtHandle stmt) noexcept : m_db(db), m_stmt(std::move(stmt)) {}
  void bind_int64(int index, std::int64_t value) override;
  void bind_text(int index, std::string_view value) override;
  void bind_blob(int index, std::string_view bytes) override;
  void bind_null(int index) override;
  bool step() override;
  std::int64_t int64(int column) const override;
  std::string text(int column) const override;
  std::string blob(int column) const override;
  bool is_null(int column) const override;
  void reset() noexcept override;

 private:
  sqlite3* m_db;
  StmtHandle m_stmt;
};

/// How a connection opens its file.
enum class OpenMode {
  create,     ///< read-write, creating a missing file (the service)
  read_only,  ///< SQLITE_OPEN_READONLY: nothing is created or written (status, items, match, alerts)
};

/// An open SQLite connection with its cache of prepared statements.
class Database final : public sql::Connection {
 public:
  /// Opens the file as `mode` says; throws SqlError naming the path on failure.
  explicit Database(const std::string& path, OpenMode mode = OpenMode::create);

  sql::Dialect dialect() const noexcept override { return sql::Dialect::sqlite; }
  void exec(const std::string& sql) override;
  std::string scalar(const std::string& sql) override;
  std::vector<std::string> statements() const override;
  int changes() const noexcept override;
  std::int64_t last_insert_rowid() const noexcept;
  sqlite3* handle() const noexcept { return m_db.get(); }

  /// How long a statement waits for another connection's lock before failing with SQLITE_BUSY (sqlite_busy.cpp).
  /// Unlike PRAGMA busy_timeout, the wait can be cut short: abandon_lock_waits() (from any thread) makes every
  /// wait, the current one included, give up within a few milliseconds, so a stopping service never sits out
  /// another process's lock.
  void set_busy_wait(std::chrono::milliseconds total) override;
  std::chrono::milliseconds busy_wait() const noexcept override { return m_busy_wait; }
  void abandon_lock_waits() noexcept override { m_abandon_waits.store(true); }

 protected:
  sql::Statement& prepare(const std::string& sql) override;
  /// BEGIN IMMEDIATE takes the write lock now (waiting the busy wait), not at the first write, so a crawl never
  /// fails halfway on SQLITE_BUSY when upgrading a read lock.
  void begin(sql::Turn) override { exec("BEGIN IMMEDIATE"); }
  bool transaction_lost() const noexcept override { return sqlite3_get_autocommit(m_db.get()) != 0; }
  void rollback_quietly(bool nested) noexcept override;

 private:
  static int on_busy(void* self, int attempts_so_far);
  DbHandle m_db;
  std::chrono::milliseconds m_busy_wait{0};
  std::atomic<bool> m_abandon_waits{false};
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> m_statements;
};

/// Throws SqlError with `what` and SQLite's message when rc is not OK/ROW/DONE.
void check(sqlite3* db, int rc, std::string_view what);

}  // namespace newswatch::sqlite
