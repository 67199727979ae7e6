#include "store/postgres.h"

#include <poll.h>

#include <algorithm>
#include <cstdlib>
#include <string>

namespace newswatch::pg {
namespace {

// Type oids fixed by PostgreSQL's catalog (pg_type.dat); the server headers that name them are not installed.
constexpr Oid k_bool_oid = 16;
constexpr Oid k_bytea_oid = 17;

/// Every write transaction holds this advisory lock until it ends, so writers take turns as they do on one
/// SQLite file: a crawl's story assignment and dedup see every crawl committed before it, whichever instance
/// applied that one. Reads never wait for it, nor do transactions begun with Turn::skip (leases, heartbeats,
/// claims: their row locks order them, and a process stopping behind another's crawl still releases its leases).
/// The number is arbitrary, fixed: "newswatch" in ASCII, truncated.
constexpr const char* k_writer_lock = "SELECT pg_advisory_xact_lock(7954880322893537140)";

/// How often a statement's wait for its result looks whether the store was told to stop waiting.
constexpr int k_abandon_check_ms = 50;

std::string trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// bytea's text output ("\x" and two hex digits per byte) as the bytes.
std::string bytes_from_hex(std::string_view text) {
  if (!text.starts_with("\\x")) return std::string(text);
  std::string out;
  out.reserve((text.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < text.size(); i += 2) {
    const int high = hex_value(text[i]);
    const int low = hex_value(text[i + 1]);
    if (high < 0 || low < 0) throw sql::SqlError("malformed bytea value from the server");
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return out;
}

void ignore_notice(void*, const char*) {}

}  // namespace

std::string numbered_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  enum class In { code, string, identifier, line_comment, block_comment } in = In::code;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    const char next = i + 1 < sql.size() ? sql[i + 1] : '\0';
    switch (in) {
      case In::code:
        if (c == '\'')
          in = In::string;
        else if (c == '"')
          in = In::identifier;
        else if (c == '-' && next == '-')
          in = In::line_comment;
        else if (c == '/' && next == '*')
          in = In::block_comment;
        else if (c == '?' && next >= '0' && next <= '9') {
          out.push_back('$');
          continue;
        }
        break;
      case In::string:
        if (c == '\'') in = In::code;  // a doubled '' leaves and re-enters at once
        break;
      case In::identifier:
        if (c == '"') in = In::code;
        break;
      case In::line_comment:
        if (c == '\n') in = In::code;
        break;
      case In::block_comment:
        if (c == '*' && next == '/') {
          out.push_back(c);
          out.push_back(next);
          ++i;
          in = In::code;
          continue;
        }
        break;
    }
    out.push_back(c);
  }
  return out;
}

PgStatement::PgStatement(Connection& db, std::string name, std::string sql, int params)
    : m_db(db),
      m_name(std::move(name)),
      m_sql(std::move(sql)),
      m_values(static_cast<std::size_t>(params)),
      m_formats(static_cast<std::size_t>(params), 0) {}

std::vector<std::optional<std::string>>::reference PgStatement::slot(int index) {
  if (index < 1 || static_cast<std::size_t>(index) > m_values.size())
    throw sql::SqlError("bind: no parameter " + std::to_string(index) + " in " + m_sql);
  return m_values[static_cast<std::size_t>(index - 1)];
}

void PgStatement::bind_int64(int index, std::int64_t value) {
  slot(index) = std::to_string(value);
  m_formats[static_cast<std::size_t>(index - 1)] = 0;
}

void PgStatement::bind_text(int index, std::string_view value) {
  // PostgreSQL's text cannot hold NUL, and libpq would cut the value there: a hostile page's NUL becomes U+FFFD.
  std::string text(value);
  for (std::size_t at = text.find('\0'); at != std::string::npos; at = text.find('\0', at + 3))
    text.replace(at, 1, "\xEF\xBF\xBD");
  slot(index) = std::move(text);
  m_formats[static_cast<std::size_t>(index - 1)] = 0;
}

void PgStatement::bind_blob(int index, std::string_view bytes) {
  slot(index) = std::string(bytes);
  m_formats[static_cast<std::size_t>(index - 1)] = 1;
}

void PgStatement::bind_null(int index) {
  slot(index).reset();
}

bool PgStatement::step() {
  if (!m_result) {
    std::vector<const char*> values;
    std::vector<int> lengths;
    values.reserve(m_values.size());
    lengths.reserve(m_values.size());
    for (const auto& value : m_values) {
      values.push_back(value ? value->data() : nullptr);
      lengths.push_back(value ? static_cast<int>(value->size()) : 0);
    }
    m_result = m_db.run_prepared(m_name, m_sql, values, lengths, m_formats);
    m_row = 0;
  } else {
    ++m_row;
  }
  return m_row < PQntuples(m_result.get());
}

std::int64_t PgStatement::int64(int column) const {
  const char* value = PQgetvalue(m_result.get(), m_row, column);
  if (PQftype(m_result.get(), column) == k_bool_oid) return value[0] == 't' ? 1 : 0;
  return std::strtoll(value, nullptr, 10);  // "" (NULL) reads 0, as SQLite's does
}

std::string PgStatement::text(int column) const {
  return std::string(PQgetvalue(m_result.get(), m_row, column),
                     static_cast<std::size_t>(PQgetlength(m_result.get(), m_row, column)));
}

std::string PgStatement::blob(int column) const {
  if (PQftype(m_result.get(), column) != k_bytea_oid) return text(column);
  return bytes_from_hex(std::string_view(PQgetvalue(m_result.get(), m_row, column),
                                         static_cast<std::size_t>(PQgetlength(m_result.get(), m_row, column))));
}

bool PgStatement::is_null(int column) const {
  return PQgetisnull(m_result.get(), m_row, column) != 0;
}

void PgStatement::reset() noexcept {
  m_result.reset();
  m_row = -1;
  for (auto& value : m_values) value.reset();
  for (int& format : m_formats) format = 0;
}

Connection::Connection(const std::string& uri, const std::optional<std::string>& password, OpenMode mode) {
  // expand_dbname: "dbname" holds the whole URI; a password given apart overrides the URI's and PGPASSWORD.
  std::vector<const char*> keys = {"dbname", "application_name", "client_encoding"};
  std::vector<const char*> values = {uri.c_str(), "newswatch", "UTF8"};
  if (password) {
    keys.push_back("password");
    values.push_back(password->c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  m_conn.reset(PQconnectdbParams(keys.data(), values.data(), 1));
  if (!m_conn) throw sql::SqlError("cannot connect: out of memory");
  if (PQstatus(m_conn.get()) != CONNECTION_OK)
    throw sql::SqlError("cannot connect: " + trimmed(PQerrorMessage(m_conn.get())));
  PQsetNoticeProcessor(m_conn.get(), &ignore_notice, nullptr);  // "already exists, skipping" is not news
  m_cancel.reset(PQgetCancel(m_conn.get()));
  exec("SET TIME ZONE 'UTC'");
  // Bytes come back as text; blob() reads the hex form, whatever a database or role set as its default.
  exec("SET bytea_output = 'hex'");
  if (mode == OpenMode::read_only) exec("SET default_transaction_read_only = on");
}

ResultHandle Connection::checked(PGresult* raw, std::string_view what) {
  ResultHandle result(raw);
  const ExecStatusType status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) return result;
  std::string message(what);
  message += ": ";
  message += trimmed(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(m_conn.get()));
  throw sql::SqlError(message);
}

void Connection::apply_abandon() {
  if (m_abandon_applied || !m_abandon_waits.load()) return;
  m_abandon_applied = true;
  // Fails inside an aborted transaction; the statement after it fails anyway.
  ResultHandle ignored(PQexec(m_conn.get(), "SET lock_timeout = 1"));
}

ResultHandle Connection::await_result(bool sent, std::string_view what) {
  if (!sent) return checked(nullptr, what);  // PQerrorMessage says why
  // A statement sent after the abandon already runs with a 1 ms lock_timeout (apply_abandon): only one sent
  // before it is cancelled, and only once.
  bool cancelled = m_abandon_applied;
  while (PQisBusy(m_conn.get())) {
    // The waiting thread sends the cancel itself, once the statement is on the server: a cancel sent from
    // another thread just before the statement left would cancel nothing, and it would wait out lock_timeout.
    if (!cancelled && m_abandon_waits.load()) {
      char error[256];
      if (m_cancel) PQcancel(m_cancel.get(), error, sizeof error);
      cancelled = true;
    }
    pollfd ready{PQsocket(m_conn.get()), POLLIN, 0};
    ::poll(&ready, 1, k_abandon_check_ms);
    if (!PQconsumeInput(m_conn.get())) break;  // the connection failed: PQgetResult reports it
  }
  // Several statements (exec) give a result each; the server stops at the first failure, so the last result
  // is the failure or the last statement's, as PQexec returns.
  ResultHandle last;
  while (PGresult* next = PQgetResult(m_conn.get())) last.reset(next);
  return checked(last.release(), what);
}

void Connection::exec(const std::string& sql) {
  apply_abandon();
  await_result(PQsendQuery(m_conn.get(), sql.c_str()) == 1, sql);
}

std::string Connection::scalar(const std::string& sql) {
  apply_abandon();
  ResultHandle result = await_result(PQsendQuery(m_conn.get(), sql.c_str()) == 1, sql);
  if (PQntuples(result.get()) == 0 || PQnfields(result.get()) == 0) return {};
  return PQgetvalue(result.get(), 0, 0);
}

std::vector<std::string> Connection::statements() const {
  std::vector<std::string> out;
  out.reserve(m_statements.size());
  for (const auto& [sql, stmt] : m_statements) out.push_back(sql);
  return out;
}

sql::Statement& Connection::prepare(const std::string& sql) {
  auto it = m_statements.find(sql);
  if (it != m_statements.end()) return *it->second;
  std::string name = "s" + std::to_string(m_statements.size() + 1);
  std::string text = numbered_placeholders(sql);
  ResultHandle prepared = checked(PQprepare(m_conn.get(), name.c_str(), text.c_str(), 0, nullptr), "prepare " + sql);
  ResultHandle described = checked(PQdescribePrepared(m_conn.get(), name.c_str()), "describe " + sql);
  const int params = PQnparams(described.get());
  auto stmt = std::make_unique<PgStatement>(*this, std::move(name), sql, params);
  return *m_statements.emplace(sql, std::move(stmt)).first->second;
}

ResultHandle Connection::run_prepared(const std::string& name, const std::string& sql,
                                      const std::vector<const char*>& values, const std::vector<int>& lengths,
                                      const std::vector<int>& formats) {
  apply_abandon();
  const bool sent = PQsendQueryPrepared(m_conn.get(), name.c_str(), static_cast<int>(values.size()), values.data(),
                                        lengths.data(), formats.data(), 0) == 1;
  ResultHandle result = await_result(sent, sql);
  const char* tuples = PQcmdTuples(result.get());
  m_changes = tuples && *tuples ? std::atoi(tuples) : 0;
  return result;
}

void Connection::begin(sql::Turn turn) {
  exec("BEGIN");
  if (turn == sql::Turn::skip) return;
  try {
    take_turn();
  } catch (...) {
    // No Transaction guard exists yet to end it, and an aborted transaction refuses every later statement.
    rollback_quietly(false);
    throw;
  }
}

void Connection::take_turn() {
  exec(k_writer_lock);  // a failure aborts the transaction: the guard that asked rolls it back
}

void Connection::rollback_quietly(bool nested) noexcept {
  const char* undo = nested ? "ROLLBACK TO SAVEPOINT nested; RELEASE SAVEPOINT nested" : "ROLLBACK";
  ResultHandle ignored(PQexec(m_conn.get(), undo));
}

void Connection::set_busy_wait(std::chrono::milliseconds total) {
  m_busy_wait = total;
  // lock_timeout 0 would wait for ever; a busy wait of 0 means give up at once.
  exec("SET lock_timeout = " + std::to_string(std::max<long long>(1, total.count())));
}

void Connection::abandon_lock_waits() noexcept {
  // The statement waiting now is cancelled by its own thread within k_abandon_check_ms (await_result); the
  // next ones run with a lock_timeout of 1 ms (apply_abandon).
  m_abandon_waits.store(true);
}

}  // namespace newswatch::pg
