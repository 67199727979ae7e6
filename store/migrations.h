#pragma once
// Schema versions by PRAGMA user_version: see migrations.cpp.

#include "store/sqlite.h"

namespace newswatch::sqlite {

/// The schema version this binary writes.
int schema_version() noexcept;

/// Brings the database up to `target` (tests build old schemas with it), one transaction
/// per step; throws SqlError when the file is newer than this binary (naming both versions).
void migrate(Database& db, int target = schema_version());

}  // namespace newswatch::sqlite
