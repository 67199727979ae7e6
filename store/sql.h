#pragma once
// The SQL connection the store's code is written against, private to store/: one interface that SQLite
// (store/sqlite.h) and PostgreSQL through libpq (store/postgres.h) both implement, so every Store method is
// written once and runs on either backend. Statements are prepared once per connection and reset when a use
// ends; a Transaction rolls back unless committed.
//
// SQL is written with numbered placeholders ?1..?N. SQLite reads them as they are; the PostgreSQL connection
// rewrites them to $1..$N. Where the two dialects differ (JSON arrays, full-text search, upserts on SQLite's
// rowid) the code asks dialect() and passes the right text; everything else is plain SQL both accept.
//
// Inside store/, a failing call throws SqlError. The Store methods catch it at one place (the public boundary)
// and return Error{storage}; nothing backend-typed and no exception crosses store.h. The throw is what makes
// apply_crawl atomic by construction: any failed step unwinds through the Transaction guard, which rolls the
// whole crawl back.

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace newswatch::sql {

/// A failed database call inside store/; converted to Error at the Store boundary.
class SqlError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Dialect { sqlite, postgres };

/// One prepared statement as a backend implements it. Used through Query, one use at a time.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void bind_int64(int index, std::int64_t value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;
  virtual void bind_blob(int index, std::string_view bytes) = 0;
  virtual void bind_null(int index) = 0;
  /// Runs the statement on the first call; each call moves to the next row (false: no more rows).
  virtual bool step() = 0;
  virtual std::int64_t int64(int column) const = 0;
  virtual std::string text(int column) const = 0;
  /// The column's bytes (a BLOB/BYTEA, or a text's UTF-8); "" for NULL.
  virtual std::string blob(int column) const = 0;
  virtual bool is_null(int column) const = 0;
  /// Ends this use: rows dropped, bindings cleared, ready for the next use.
  virtual void reset() noexcept = 0;
};

/// One use of a prepared statement: bind, step, read columns; resets on destruction.
class Query {
 public:
  explicit Query(Statement& stmt) noexcept : m_stmt(&stmt) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() { m_stmt->reset(); }

  /// Binds by 1-based index; an empty optional binds NULL.
  Query& bind(int index, std::int64_t value) {
    m_stmt->bind_int64(index, value);
    return *this;
  }
  Query& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Query& bind(int index, std::string_view value) {
    m_stmt->bind_text(index, value);
    return *this;
  }
  Query& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Query& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  template <class T>
  Query& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }
  Query& bind_null(int index) {
    m_stmt->bind_null(index);
    return *this;
  }
  /// Binds `bytes` as a BLOB/BYTEA (bind() binds TEXT, which must be UTF-8).
  Query& bind_blob(int index, std::string_view bytes) {
    m_stmt->bind_blob(index, bytes);
    return *this;
  }

  /// Advances to the next row: true when a row is available, false when done.
  bool step() { return m_stmt->step(); }
  /// Runs a statement that returns no rows (or ignores them).
  void run() {
    while (step()) {
    }
  }

  std::int64_t int64(int column) const { return m_stmt->int64(column); }
  int integer(int column) const { return static_cast<int>(m_stmt->int64(column)); }
  std::string text(int column) const { return m_stmt->text(column); }
  std::string blob(int column) const { return m_stmt->blob(column); }
  bool is_null(int column) const { return m_stmt->is_null(column); }
  std::optional<std::int64_t> opt_int64(int column) const {
    if (is_null(column)) return std::nullopt;
    return int64(column);
  }
  std::optional<std::string> opt_text(int column) const {
    if (is_null(column)) return std::nullopt;
    return text(column);
  }

 private:
  Statement* m_stmt;
};

/// Whether a write transaction waits for the writers' turn. PostgreSQL has one (postgres.cpp: every crawl is
/// applied after the crawls committed before it, whichever process applied them); a SQLite file has one writer
/// at a time whatever is asked.
enum class Turn {
  take,  ///< crawls, stories, the outbox's writes: one after another across processes
  skip,  ///< work ordered by its own row locks (leases, heartbeats, claims with SKIP LOCKED): never queued
         ///< behind another process's crawl, so a stopping process can still release its leases
};

/// An open connection with its cache of prepared statements.
class Connection {
 public:
  virtual ~Connection() = default;

  virtual Dialect dialect() const noexcept = 0;
  /// The cached statement for `sql`, prepared on first use. One use at a time per statement.
  Query query(const std::string& sql) { return Query(prepare(sql)); }
  /// Runs one or more statements without parameters (schema, settings).
  virtual void exec(const std::string& sql) = 0;
  /// The first column of the first row of a query without parameters ("" when no row).
  virtual std::string scalar(const std::string& sql) = 0;
  /// The text of every statement query() has prepared on this connection (tests check their plans).
  virtual std::vector<std::string> statements() const = 0;
  /// Rows changed by the last INSERT, UPDATE or DELETE run through query().
  virtual int changes() const noexcept = 0;
  /// How many writers' transactions or savepoints (Turn::take) were rolled back on this connection: what was
  /// read inside them may have been undone (the story postings read again, story_postings.cpp).
  std::uint64_t writer_rollbacks() const noexcept { return m_writer_rollbacks; }

  /// How long a statement waits for another connection's lock before failing.
  virtual void set_busy_wait(std::chrono::milliseconds total) = 0;
  virtual std::chrono::milliseconds busy_wait() const noexcept = 0;
  /// From now on a wait for another connection's lock gives up at once, the current one included. Any thread.
  virtual void abandon_lock_waits() noexcept = 0;

 protected:
  friend class Transaction;
  virtual Statement& prepare(const std::string& sql) = 0;
  /// Starts a write transaction, taking the write lock now where the backend has one; with Turn::take, also the
  /// writers' turn where the backend has one beside it.
  virtual void begin(Turn turn) = 0;
  /// Inside a transaction begun with Turn::skip: waits for the writers' turn now (a crawl nested in it).
  virtual void take_turn() {}
  /// True when the backend has ended an open transaction on its own (SQLite rolls back on some errors).
  virtual bool transaction_lost() const noexcept = 0;
  /// Rolls back without throwing (a destructor's undo): the savepoint when nested, else the transaction.
  virtual void rollback_quietly(bool nested) noexcept = 0;
  int m_transaction_depth = 0;  ///< open Transaction guards: more than one means savepoints inside a batch
  bool m_holds_turn = false;    ///< the open transaction has the writers' turn
  std::uint64_t m_writer_rollbacks = 0;
};

/// A write transaction on construction; ROLLBACK on destruction unless commit() ran. Inside another Transaction
/// (the store thread applying several crawls in one) it is a SAVEPOINT instead: its rollback undoes its own
/// writes only, its commit keeps them for the enclosing transaction's commit. Throws SqlError when the
/// enclosing transaction is gone (the backend rolled it back on an error), so nothing commits on its own.
class Transaction {
 public:
  explicit Transaction(Connection& db, Turn turn = Turn::take);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Connection& m_db;
  bool m_nested = false;
  bool m_writer = false;  ///< Turn::take
  bool m_done = false;
};

/// A table expression of the strings in the JSON array `json` (an SQL expression: a placeholder or a column),
/// named `alias`, with one column `value`: SQLite's json_each, PostgreSQL's jsonb_array_elements_text.
std::string json_strings(const Connection& db, std::string_view json, std::string_view alias);

/// One column of json_records: a key of each object, read as `type` (BIGINT or TEXT).
struct JsonField {
  std::string_view name;
  std::string_view type;
};
/// A table expression of the objects in the JSON array `json`, named `alias`, with one column per field (a
/// missing key reads NULL): SQLite's json_each with json_extract, PostgreSQL's jsonb_to_recordset.
std::string json_records(const Connection& db, std::string_view json, std::string_view alias,
                         std::initializer_list<JsonField> fields);

}  // namespace newswatch::sql
