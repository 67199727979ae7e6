// Copying a SQLite database into PostgreSQL (`newswatch migrate`), so a user moves without losing history or
// re-alerting: items keep their ids and bodies (bytes exact), the outbox keeps its rows, states and delivery ids,
// sites keep their fetch state (etag, body hash, baseline), so the next crawl of an unchanged page is a 304 or
// the same bytes, and queues nothing.
//
// The copy is generic over columns, so a column added to both schemas is copied without touching this file: each
// table's columns are read from the source (PRAGMA table_info) and must all exist in the target (a source column
// the target lacks fails the copy rather than silently vanish); the target's column types decide how each value
// is read and bound (BYTEA as bytes, BIGINT as integers, the rest as text). Tables go in dependency order (a row's
// references exist before it); a SQLite table this order does not name fails the copy, except SQLite's own and
// the FTS5 indexes (virtual tables and their shadow tables), which PostgreSQL does not have, and the tables of the
// old installation's running processes (k_not_copied).
//
// Memory does not grow with the database: the source is read row by row (one snapshot: a read transaction), rows
// are sent in multi-row INSERTs of at most k_batch_rows, and all of it commits in one transaction on the target.
// Then each identity sequence is set past the largest copied id, so new rows continue after the old ones.

#include "store/copy_database.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include "store/migrations.h"
#include "store/postgres.h"
#include "store/sql_store.h"
#include "store/sqlite.h"

namespace newswatch {
namespace {

/// The tables copied, parents before children.
constexpr std::array<std::string_view, 7> k_copy_order = {"sites",  "stories",     "items",      "item_revisions",
                                                          "outbox", "site_health", "story_items"};

/// Tables of the old installation's processes, not copied: its instances and their host leases (shared mode) end
/// with it, as its outbox leases do.
constexpr std::array<std::string_view, 2> k_not_copied = {"instances", "host_leases"};

/// Columns written NULL whatever the source holds: a lease belongs to a process of the old installation.
bool cleared_on_copy(std::string_view table, std::string_view column) {
  return table == "outbox" && (column == "lease_owner" || column == "lease_until");
}

constexpr std::size_t k_batch_rows = 200;

enum class ColumnKind { integer, bytes, text };

struct Column {
  std::string name;
  ColumnKind kind = ColumnKind::text;
  std::string type;  ///< the target's type name (int8, text, bytea, ...), for the placeholder's CAST
  bool cleared = false;
};

/// The SQLite tables holding newswatch's rows: not SQLite's own, not FTS5 indexes and their shadow tables.
std::vector<std::string> source_tables(sql::Connection& source) {
  std::vector<std::string> virtual_tables, tables;
  {
    auto q = source.query("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name");
    while (q.step()) {
      std::string name = q.text(0);
      if (name.starts_with("sqlite_")) continue;
      if (q.text(1).starts_with("CREATE VIRTUAL TABLE"))
        virtual_tables.push_back(std::move(name));
      else
        tables.push_back(std::move(name));
    }
  }
  std::erase_if(tables, [&](const std::string& name) {
    return std::any_of(virtual_tables.begin(), virtual_tables.end(),
                       [&](const std::string& v) { return name.starts_with(v + "_"); });
  });
  return tables;
}

/// The target's columns of `table` (name -> type), empty when it has no such table.
std::map<std::string, std::string> target_columns(sql::Connection& target, const std::string& table) {
  std::map<std::string, std::string> out;
  auto q = target.query(
      "SELECT column_name, udt_name FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND table_name = CAST(?1 AS TEXT)");
  q.bind(1, table);
  while (q.step()) out.emplace(q.text(0), q.text(1));
  return out;
}

/// The source's columns of `table`, each typed by its target column; throws naming a column the target lacks.
std::vector<Column> copied_columns(sql::Connection& source, sql::Connection& target, const std::string& table) {
  const auto targets = target_columns(target, table);
  if (targets.empty()) throw sql::SqlError("the PostgreSQL database has no table " + table);
  std::vector<Column> out;
  auto q = source.query("SELECT name FROM pragma_table_info(?1) ORDER BY cid");
  q.bind(1, table);
  while (q.step()) {
    Column column;
    column.name = q.text(0);
    auto it = targets.find(column.name);
    if (it == targets.end())
      throw sql::SqlError(
          fmt::format("column {}.{} has no counterpart in the PostgreSQL schema; this binary cannot "
                      "copy it without losing it",
                      table, column.name));
    column.type = it->second;
    if (column.type == "bytea")
      column.kind = ColumnKind::bytes;
    else if (column.type == "int8" || column.type == "int4" || column.type == "int2")
      column.kind = ColumnKind::integer;
    column.cleared = cleared_on_copy(table, column.name);
    out.push_back(std::move(column));
  }
  return out;
}

/// INSERT INTO table(columns) VALUES (...), ... for `rows` rows, each placeholder cast to its column's type.
std::string insert_sql(const std::string& table, const std::vector<Column>& columns, std::size_t rows) {
  std::string names;
  for (const Column& c : columns) names += (names.empty() ? "" : ", ") + c.name;
  std::string sql = "INSERT INTO " + table + " (" + names + ") VALUES ";
  int param = 0;
  for (std::size_t row = 0; row < rows; ++row) {
    sql += row == 0 ? "(" : ", (";
    for (std::size_t i = 0; i < columns.size(); ++i)
      sql += fmt::format("{}CAST(?{} AS {})", i == 0 ? "" : ", ", ++param, columns[i].type);
    sql += ")";
  }
  return sql;
}

/// One row's values as read from the source, to be bound to the target.
using Row = std::vector<std::optional<std::string>>;

Row read_row(const sql::Query& q, const std::vector<Column>& columns) {
  Row row(columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const int at = static_cast<int>(i);
    if (columns[i].cleared || q.is_null(at)) continue;
    // An integer as SQLite's integer (a REAL such as 1.0 in an INTEGER column too), in its decimal form.
    if (columns[i].kind == ColumnKind::integer)
      row[i] = std::to_string(q.int64(at));
    else
      row[i] = columns[i].kind == ColumnKind::bytes ? q.blob(at) : q.text(at);
  }
  return row;
}

void insert_rows(sql::Connection& target, const std::string& table, const std::vector<Column>& columns,
                 const std::vector<Row>& rows) {
  if (rows.empty()) return;
  auto q = target.query(insert_sql(table, columns, rows.size()));
  int param = 0;
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      ++param;
      if (!row[i])
        q.bind_null(param);
      else if (columns[i].kind == ColumnKind::bytes)
        q.bind_blob(param, *row[i]);
      else
        q.bind(param, *row[i]);  // integers as their decimal text: the CAST reads it
    }
  }
  q.run();
}

std::int64_t copy_table(sql::Connection& source, sql::Connection& target, const std::string& table) {
  const std::vector<Column> columns = copied_columns(source, target, table);
  std::string names;
  for (const Column& c : columns) names += (names.empty() ? "" : ", ") + c.name;
  std::vector<Row> batch;
  batch.reserve(k_batch_rows);
  std::int64_t copied = 0;
  auto q = source.query("SELECT " + names + " FROM " + table);
  while (q.step()) {
    batch.push_back(read_row(q, columns));
    if (batch.size() == k_batch_rows) {
      insert_rows(target, table, columns, batch);
      copied += static_cast<std::int64_t>(batch.size());
      batch.clear();
    }
  }
  insert_rows(target, table, columns, batch);
  return copied + static_cast<std::int64_t>(batch.size());
}

/// Sets every identity sequence of `table` past its largest id (no-op for an empty table).
void advance_sequences(sql::Connection& target, const std::string& table) {
  std::vector<std::string> identities;
  {
    auto q = target.query(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = CAST(?1 AS TEXT) AND is_identity = 'YES'");
    q.bind(1, table);
    while (q.step()) identities.push_back(q.text(0));
  }
  for (const std::string& column : identities)
    target.scalar(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', '{1}'), max({1})) FROM {0}", table, column));
}

/// Refuses a source this binary's tables do not describe.
void require_source_version(sql::Connection& source, const std::string& from) {
  const int version = sqlite::stored_version(source);
  if (version == sqlite::schema_version()) return;
  if (version == 0) throw sql::SqlError(from + " has no newswatch tables");
  if (version < sqlite::schema_version())
    throw sql::SqlError(
        fmt::format("{} is at schema version {}, this binary's is {}: run this newswatch on it once "
                    "(`newswatch once -c CONFIG` with database = that file), then migrate",
                    from, version, sqlite::schema_version()));
  throw sql::SqlError(
      fmt::format("{} is at schema version {}, newer than this binary's {}: migrate with the newswatch that wrote it",
                  from, version, sqlite::schema_version()));
}

/// Refuses a target that already holds newswatch's rows, naming them.
void require_empty_target(sql::Connection& target, const std::string& to) {
  const std::string sites = target.scalar("SELECT count(*) FROM sites");
  const std::string items = target.scalar("SELECT count(*) FROM items");
  const std::string alerts = target.scalar("SELECT count(*) FROM outbox");
  if (sites == "0" && items == "0" && alerts == "0") return;
  throw sql::SqlError(
      fmt::format("{} already holds {} sites, {} items and {} alerts; migrate copies into an empty "
                  "database only (create a new one, or drop this one's tables if it is a failed "
                  "attempt)",
                  loggable_database(to), sites, items, alerts));
}

CopyReport copy_all(sql::Connection& source, sql::Connection& target, const std::string& to) {
  const std::vector<std::string> tables = source_tables(source);
  for (const std::string& table : tables)
    if (std::find(k_copy_order.begin(), k_copy_order.end(), table) == k_copy_order.end() &&
        std::find(k_not_copied.begin(), k_not_copied.end(), table) == k_not_copied.end())
      throw sql::SqlError("table " + table +
                          " of the SQLite database has no place in the copy order "
                          "(store/copy_database.cpp); this binary cannot copy it");
  CopyReport report;
  report.schema_version = sqlite::stored_version(source);
  sql::Transaction tx(target);
  require_empty_target(target, to);  // under the writers' lock: no instance starts filling it meanwhile
  for (std::string_view name : k_copy_order) {
    const std::string table(name);
    if (std::find(tables.begin(), tables.end(), table) == tables.end()) continue;
    try {
      report.tables.emplace_back(table, copy_table(source, target, table));
    } catch (const sql::SqlError& e) {
      throw sql::SqlError("copying " + table + ": " + e.what());
    }
    advance_sequences(target, table);
  }
  tx.commit();
  return report;
}

}  // namespace

Result<CopyReport> copy_database(const std::string& from, const std::string& to, const StoreSecrets& secrets) {
  if (!is_postgres_uri(to)) return fail(ErrorKind::usage, "--to must be a postgresql:// or postgres:// URI");
  if (is_postgres_uri(from)) return fail(ErrorKind::usage, "--from must be a SQLite database file");
  std::error_code ignored;
  if (!std::filesystem::exists(from, ignored)) return fail(ErrorKind::storage, "no SQLite database at " + from);
  try {
    sqlite::Database source(from, sqlite::OpenMode::read_only);
    require_source_version(source, from);
    std::unique_ptr<pg::Connection> target;
    try {
      target = std::make_unique<pg::Connection>(to, store_password(secrets), pg::OpenMode::create);
      pg::migrate(*target);
    } catch (const sql::SqlError& e) {
      throw sql::SqlError("database " + loggable_database(to) + ": " + e.what());
    }
    source.exec("BEGIN");  // one snapshot of every table, even if a service still writes the file
    CopyReport report = copy_all(source, *target, to);
    source.exec("COMMIT");
    return report;
  } catch (const std::exception& e) {
    return fail(ErrorKind::storage, e.what());
  }
}

}  // namespace newswatch
