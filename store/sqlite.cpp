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

void SqliteStatement::reset() noexcept {
  // Reset so the cached statement releases its read snapshot and can be reused.
  sqlite3_reset(m_stmt.get());
  sqlite3_clear_bindings(m_stmt.get());
}

void SqliteStatement::bind_int64(int index, std::int64_t value) {
  check(m_db, sqlite3_bind_int64(m_stmt.get(), index, value), "bind");
}

void SqliteStatement::bind_text(int index, std::string_view value) {
  check(m_db, sqlite3_bind_text64(m_stmt.get(), index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
        "bind");
}

void SqliteStatement::bind_blob(int index, std::string_view bytes) {
  check(m_db, sqlite3_bind_blob64(m_stmt.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT), "bind");
}

void SqliteStatement::bind_null(int index) {
  check(m_db, sqlite3_bind_null(m_stmt.get(), index), "bind");
}

bool SqliteStatement::step() {
  int rc = sqlite3_step(m_stmt.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  check(m_db, rc, sqlite3_sql(m_stmt.get()));
  return false;
}

std::int64_t SqliteStatement::int64(int column) const {
  return sqlite3_column_int64(m_stmt.get(), column);
}

std::string SqliteStatement::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt.get(), column));
  if (!data) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt.get(), column)));
}

std::string SqliteStatement::blob(int column) const {
  const auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt.get(), column));
  if (!data) return {};
  return std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt.get(), column)));
}

bool SqliteStatement::is_null(int column) const {
  return sqlite3_column_type(m_stmt.get(), column) == SQLITE_NULL;
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

sql::Statement& Database::prepare(const std::string& sql) {
  auto it = m_statements.find(sql);
  if (it == m_statements.end()) {
    sqlite3_stmt* raw = nullptr;
    int rc = sqlite3_prepare_v3(m_db.get(), sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &raw,
                                nullptr);
    StmtHandle owned(raw);
    check(m_db.get(), rc, "prepare " + sql);
    it = m_statements.emplace(sql, std::make_unique<SqliteStatement>(m_db.get(), std::move(owned))).first;
  }
  return *it->second;
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
  SqliteStatement stmt(m_db.get(), StmtHandle(raw));
  const bool row = stmt.step();
  std::string value = row ? stmt.text(0) : std::string();
  stmt.reset();
  return value;
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

void Database::rollback_quietly(bool nested) noexcept {
  const char* undo = nested ? "ROLLBACK TO nested; RELEASE nested" : "ROLLBACK";
  sqlite3_exec(m_db.get(), undo, nullptr, nullptr, nullptr);
}

}  // namespace newswatch::sqlite
