#pragma once
// Schema versions, numbered alike on both backends: SQLite's by PRAGMA user_version (migrations.cpp),
// PostgreSQL's in its schema_version table (pg_schema.cpp). Version N means the same tables on both.

#include "store/sql.h"

namespace newswatch::sqlite {

/// The schema version this binary writes (on either backend).
int schema_version() noexcept;

/// Brings the database up to `target` (tests build old schemas with it), one transaction
/// per step; throws SqlError when the file is newer than this binary (naming both versions).
void migrate(sql::Connection& db, int target = schema_version());

/// The version of the open SQLite file (0: no newswatch tables).
int stored_version(sql::Connection& db);

}  // namespace newswatch::sqlite

namespace newswatch::pg {

/// Brings the PostgreSQL database up to this binary's schema_version(), one transaction per step under the
/// writers' lock (instances starting together migrate once); throws SqlError when it is newer than this binary.
void migrate(sql::Connection& db);

/// The version of the PostgreSQL database (0: no newswatch tables).
int stored_version(sql::Connection& db);

}  // namespace newswatch::pg
