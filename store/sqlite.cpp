#include "store/sqlite.h"

#include <string>

namespace newswatch::sqlite {

void check(sqlite3* db, int rc, std::string_view what) {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
  std::string message(what);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw SqlError(message);
}

Query::~Query() {
  // Reset so the cached statement releases its read snapshot and can be reused.
  sqlite3_reset(m_stmt);
  sqlite3_clear_bindings(m_stmt);
}

Query& Query::bind(int index, std::int64_t value) {
  check(m_db, sqlite3_bind_int64(m_stmt, index, value), "bind");
  return *this;
}

Query& Query::bind(int index, std::string_view value) {
  check(m_db, sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8), "bind");
  return *this;
}

Query& Query::bind_blob(int index, std::string_view bytes) {
  check(m_db, sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT), "bind");
  return *this;
}

Query& Query::bind_null(int index) {
  check(m_db, sqlite3_bind_null(m_stmt, index), "bind");
  return *this;
}

bool Query::step() {
  int rc = sqlite3_step(m_stmt);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  check(m_db, rc, sqlite3_sql(m_stmt));
  return false;
}

void Query::run() {
  while (step()) {
  }
}

std::int64_t Query::int64(int column) const noexcept {
  return sqlite3_column_int64(m_stmt, column);
}

int Query::integer(int column) const noexcept {
  return sqlite3_column_int(m_stmt, column);
}

std::string Query::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
  if (!data) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

std::string Query::blob(int column) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
  if (!data) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)));
}

bool Query::is_null(int column) const noexcept {
  return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::optional<std::int64_t> Query::opt_int64(int column) const noexcept {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

std::optional<std::string> Query::opt_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

Database::Database(const std::string& path, OpenMode mode) {
  const int flags = SQLITE_OPEN_NOMUTEX |
                    (mode == OpenMode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  m_db.reset(raw);  // owned even when the open failed: sqlite3_open_v2 may allocate a handle
  if (rc != SQLITE_OK) check(raw, rc, "cannot open database " + path);
  sqlite3_extended_result_codes(raw, 1);
}

Query Database::query(const std::string& sql) {
  auto it = m_statements.find(sql);
  if (it == m_statements.end()) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v3(m_db.get(), sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw,
                                nullptr);
    StmtHandle owned(raw);
    check(m_db.get(), rc, "prepare " + sql);
    it = m_statements.emplace(sql, std::move(owned)).first;
  }
  return Query(m_db.get(), it->second.get());
}

void Database::exec(const std::string& sql) {
  char* raw_error = nullptr;
  int rc = sqlite3_exec(m_db.get(), sql.c_str(), nullptr, nullptr, &raw_error);
  std::unique_ptr<char, Free<sqlite3_free>> error(raw_error);
  if (rc != SQLITE_OK) throw SqlError(error ? error.get() : sqlite3_errstr(rc));
}

std::string Database::scalar(const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  check(m_db.get(), sqlite3_prepare_v2(m_db.get(), sql.c_str(), -1, &raw, nullptr), sql);
  StmtHandle stmt(raw);
  Query q(m_db.get(), stmt.get());
  return q.step() ? q.text(0) : std::string();
}

std::vector<std::string> Database::statements() const {
  std::vector<std::string> out;
  for (const auto& [sql, stmt] : m_statements) out.push_back(sql);
  return out;
}

std::int64_t Database::last_insert_rowid() const noexcept {
  return sqlite3_last_insert_rowid(m_db.get());
}

int Database::changes() const noexcept {
  return sqlite3_changes(m_db.get());
}

Transaction::Transaction(Database& db) : m_db(db), m_nested(db.m_transaction_depth > 0) {
  if (m_nested) {
    // Autocommit inside a batch: SQLite already rolled the batch back; a SAVEPOINT now would commit alone.
    if (sqlite3_get_autocommit(m_db.handle())) throw SqlError("the enclosing transaction was rolled back");
    m_db.exec("SAVEPOINT nested");
  } else {
    // IMMEDIATE takes the write lock now (waiting busy_timeout), not at the first write,
    // so a crawl never fails halfway on SQLITE_BUSY when upgrading a read lock.
    m_db.exec("BEGIN IMMEDIATE");
  }
  ++m_db.m_transaction_depth;
}

Transaction::~Transaction() {
  --m_db.m_transaction_depth;
  if (m_done) return;
  const char* undo = m_nested ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK";
  sqlite3_exec(m_db.handle(), undo, nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  m_db.exec(m_nested ? "RELEASE nested" : "COMMIT");
  m_done = true;
}

}  // namespace newswatch::sqlite
