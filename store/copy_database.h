#pragma once
// `newswatch migrate`: copies a SQLite database into an empty PostgreSQL one (store/copy_database.cpp).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "config/error.h"
#include "store/store.h"

namespace newswatch {

/// What one copy did: rows per table, in the order copied.
struct CopyReport {
  std::vector<std::pair<std::string, std::int64_t>> tables;
  int schema_version = 0;
};

/// Copies the SQLite database at `from` (read only; it must be at this binary's schema version) into the
/// PostgreSQL database `to` (migrated first; it must hold no sites, items or alerts), every row with its id, in
/// one transaction: nothing is written when any step fails. Outbox leases are cleared. Fails with Error{usage} when
/// `from` is no file path or `to` no PostgreSQL URI, else Error{storage} saying what to do: a source at another
/// schema version, a target holding rows (with their counts), or the table and the database's message.
Result<CopyReport> copy_database(const std::string& from, const std::string& to, const StoreSecrets& secrets = {});

}  // namespace newswatch
