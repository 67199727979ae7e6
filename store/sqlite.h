#pragma once
// A thin RAII layer over the SQLite C API, private to store/: every sqlite3*
// and sqlite3_stmt* is owned from the line it exists, statements are prepared
// once per connection and reset when a use ends, and a Transaction rolls back
// unless committed.
//
// Inside store/, a failing SQLite call throws SqlError. The Store methods catch
// it at one place (the public boundary) and return Error{storage}; nothing
// SQLite-typed and no exception crosses store.h. The throw is what makes
// apply_crawl atomic by construction: any failed step unwinds through the
// Transaction guard, which rolls the whole crawl back.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <sqlite3.h>

#include "config/c_handle.h"
namespace newswatch::sqlite {

using DbHandle = std::unique_ptr<sqlite3, Free<sqlite3_close_v2>>;
using StmtHandle = std::unique_ptr<sqlite3_stmt, Free<sqlite3_finalize>>;

/// A failed SQLite call inside store/; converted to Error at the Store boundary.
class SqlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One use of a prepared statement: bind, step, read columns; resets on destruction.
class Query {
 public:
  Query(sqlite3* db, sqlite3_stmt* stmt) noexcept : m_db(db), m_stmt(stmt) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query();

  /// Binds by 1-based index; an empty optional binds NULL.
  Query& bind(int index, std::int64_t value);
  Query& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Query& bind(int index, std::string_view value);
  Query& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Query& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  template <class T>
  Query& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }
  Query& bind_null(int index);
  /// Binds `bytes` as a BLOB (bind() binds TEXT, which must be UTF-8).
  Query& bind_blob(int index, std::string_view bytes);

  /// Advances to the next row: true when a row is available, false when done.
  bool step();
  /// Runs a statement that returns no rows (or ignores them).
  void run();

  std::int64_t int64(int column) const noexcept;
  int integer(int column) const noexcept;
  std::string text(int column) const;
  /// The column's bytes as stored (a BLOB, or TEXT's UTF-8); "" for NULL.
  std::string blob(int column) const;
  bool is_null(int column) const noexcept;
  std::optional<std::int64_t> opt_int64(int column) const noexcept;
  std::optional<std::string> opt_text(int column) const;

 private:
  sqlite3* m_db;
  sqlite3_stmt* m_stmt;
};

/// How a connection opens its file.
enum class OpenMode {
  create,     ///< read-write, creating a missing file (the service)
  read_only,  ///< SQLITE_OPEN_READONLY: nothing is created or written (status, items, match, alerts)
};

/// An open connection with its cache of prepared statements.
class Database {
 public:
  /// Opens the file as `mode` says; throws SqlError naming the path on failure.
  explicit Database(const std::string& path, OpenMode mode = OpenMode::create);

  /// The cached statement for `sql`, prepared on first use. One use at a time per statement.
  Query query(const std::string& sql);
  /// Runs one or more statements without parameters (schema, PRAGMAs).
  void exec(const std::string& sql);
  /// The value of a PRAGMA or any single-value query.
  std::string scalar(const std::string& sql);
  /// The text of every statement query() has prepared on this connection (tests check their plans).
  std::vector<std::string> statements() const;
  std::int64_t last_insert_rowid() const noexcept;
  int changes() const noexcept;
  sqlite3* handle() const noexcept { return m_db.get(); }

  /// How long a statement waits for another connection's lock before failing with SQLITE_BUSY (sqlite_busy.cpp).
  /// Unlike PRAGMA busy_timeout, the wait can be cut short: abandon_lock_waits() (from any thread) makes every
  /// wait, the current one included, give up within a few milliseconds, so a stopping service never sits out
  /// another process's lock.
  void set_busy_wait(std::chrono::milliseconds total);
  std::chrono::milliseconds busy_wait() const noexcept { return m_busy_wait; }
  void abandon_lock_waits() noexcept { m_abandon_waits.store(true); }

 private:
  friend class Transaction;
  static int on_busy(void* self, int attempts_so_far);
  DbHandle m_db;
  std::chrono::milliseconds m_busy_wait{0};
  std::atomic<bool> m_abandon_waits{false};
  std::unordered_map<std::string, StmtHandle> m_statements;
  int m_transaction_depth = 0;  ///< open Transaction guards: more than one means savepoints inside a batch
};

/// BEGIN IMMEDIATE on construction; ROLLBACK on destruction unless commit() ran. Inside another Transaction
/// (the store thread applying several crawls in one) it is a SAVEPOINT instead: its rollback undoes its own
/// writes only, its commit keeps them for the enclosing transaction's commit. Throws SqlError when the
/// enclosing transaction is gone (SQLite rolled it back on an error), so nothing commits on its own.
class Transaction {
 public:
  explicit Transaction(Database& db);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Database& m_db;
  bool m_nested = false;
  bool m_done = false;
};

/// Throws SqlError with `what` and SQLite's message when rc is not OK/ROW/DONE.
void check(sqlite3* db, int rc, std::string_view what);

}  // namespace newswatch::sqlite
