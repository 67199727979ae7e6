#pragma once
// PostgreSQL through libpq behind sql::Connection (store/sql.h), private to store/: every PGconn, PGresult and
// PGcancel is owned from the line it exists.
//
// Statements are prepared once per connection (PQprepare, named s1, s2, ...) with their ?N placeholders
// rewritten to $N; parameters go as text (bytes as binary), results come back as text and are parsed per
// column type (bytea's hex form decoded, booleans as 1/0). A lock wait is bounded by lock_timeout (the busy
// wait); abandon_lock_waits() sends a cancel request for the statement in progress, from any thread.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <libpq-fe.h>

#include "config/c_handle.h"
#include "store/sql.h"

namespace newswatch::pg {

using ConnHandle = std::unique_ptr<PGconn, Free<PQfinish>>;
using ResultHandle = std::unique_ptr<PGresult, Free<PQclear>>;
using CancelHandle = std::unique_ptr<PGcancel, Free<PQfreeCancel>>;

/// `sql` with each ?N placeholder outside quotes and comments written $N (PostgreSQL's form).
std::string numbered_placeholders(std::string_view sql);

class Connection;

/// One statement prepared on the server.
class PgStatement final : public sql::Statement {
 public:
  PgStatement(Connection& db, std::string name, std::string sql, int params);
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
  std::vector<std::optional<std::string>>::reference slot(int index);
  Connection& m_db;
  std::string m_name;
  std::string m_sql;
  std::vector<std::optional<std::string>> m_values;
  std::vector<int> m_formats;  ///< 0 text, 1 binary (bytes)
  ResultHandle m_result;
  int m_row = -1;
};

/// How the connection is used.
enum class OpenMode {
  create,     ///< the service: may create and migrate the schema
  read_only,  ///< status, items, match, alerts: every transaction is read-only
};

/// An open libpq connection with its cache of prepared statements.
class Connection final : public sql::Connection {
 public:
  /// Connects to `uri` (postgresql://... or postgres://...; PG* environment variables fill what it leaves out).
  /// `password`, when set, is used instead of one in the URI or the environment. Throws SqlError naming the
  /// server's message, never the password.
  Connection(const std::string& uri, const std::optional<std::string>& password, OpenMode mode);

  sql::Dialect dialect() const noexcept override { return sql::Dialect::postgres; }
  void exec(const std::string& sql) override;
  std::string scalar(const std::string& sql) override;
  std::vector<std::string> statements() const override;
  int changes() const noexcept override { return m_changes; }

  void set_busy_wait(std::chrono::milliseconds total) override;
  std::chrono::milliseconds busy_wait() const noexcept override { return m_busy_wait; }
  void abandon_lock_waits() noexcept override;

  PGconn* handle() const noexcept { return m_conn.get(); }
  /// Runs a prepared statement (called by PgStatement::step).
  ResultHandle run_prepared(const std::string& name, const std::string& sql, const std::vector<const char*>& values,
                            const std::vector<int>& lengths, const std::vector<int>& formats);

 protected:
  sql::Statement& prepare(const std::string& sql) override;
  /// BEGIN, then with Turn::take the writers' advisory lock (see postgres.cpp).
  void begin(sql::Turn turn) override;
  void take_turn() override;
  bool transaction_lost() const noexcept override { return PQtransactionStatus(m_conn.get()) == PQTRANS_IDLE; }
  void rollback_quietly(bool nested) noexcept override;

 private:
  friend class PgStatement;
  /// Applies a pending abandon (lock_timeout of 1 ms) before the next statement runs.
  void apply_abandon();
  ResultHandle checked(PGresult* raw, std::string_view what);
  /// The result of the statement just sent (`sent`: libpq took it), cancelling it when abandon_lock_waits() is
  /// called while it runs. Throws SqlError naming `what` on a failure.
  ResultHandle await_result(bool sent, std::string_view what);
  ConnHandle m_conn;
  CancelHandle m_cancel;  ///< used by the store thread only (await_result)
  std::chrono::milliseconds m_busy_wait{0};
  std::atomic<bool> m_abandon_waits{false};
  bool m_abandon_applied = false;
  int m_changes = 0;
  std::unordered_map<std::string, std::unique_ptr<PgStatement>> m_statements;
};

}  // namespace newswatch::pg
