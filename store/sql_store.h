#pragma once
// The Store, written once against sql::Connection (store/sql.h) and run on SQLite or PostgreSQL, private to
// store/ (callers use open_store). Its methods are split by concern: sql_store.cpp (opening, fetch state),
// item_search.cpp (item queries, full-text search), apply_crawl.cpp (the crawl transaction), outbox.cpp
// (the alert outbox), retention.cpp (pruning and WAL checkpoints), site_leases.cpp (shared mode: instances,
// crawl leases).
//
// Not thread-safe: one instance is used by one thread at a time (the crawler's store thread, or a CLI
// command). Several processes may share the database: on SQLite, WAL lets readers proceed while a writer
// commits, and a writer waits for another writer instead of failing; on PostgreSQL, writers take turns
// through an advisory lock (postgres.cpp) and readers never wait.

#include <exception>
#include <set>
#include <string>
#include <tuple>
#include <type_traits>

#include "store/sql.h"
#include "store/store.h"
#include "store/stories.h"

namespace newswatch {

class SqlStore final : public Store {
 public:
  /// Takes an open connection (open_store configures and migrates it first).
  explicit SqlStore(std::unique_ptr<sql::Connection> connection);
  /// Opens the SQLite file at `path`: configures (WAL, foreign keys, busy wait) and migrates; throws SqlError.
  /// read_only opens SQLITE_OPEN_READONLY and only checks the schema version.
  SqlStore(const std::string& path, StoreAccess access);

  Result<FetchState> fetch_state(std::string_view site) override;
  Result<void> note_health(std::string_view site, std::string_view health) override;
  Result<std::vector<FetchState>> fetch_states() override;
  Result<ApplyResult> apply_crawl(const CrawlOutcome& outcome, const MatchFn& match) override;
  Result<void> in_transaction(const std::function<Result<void>()>& body) override;
  void abandon_lock_waits() noexcept override { m_db.abandon_lock_waits(); }
  Result<std::vector<StoredItem>> items(const ItemQuery& query) override;
  Result<NewItemCount> new_item_count(std::string_view site, std::int64_t since, std::int64_t until) override;
  Result<void> set_next_due(std::string_view site, std::int64_t at) override;
  Result<Claim> claim_due(const ClaimRequest& request) override;
  Result<std::vector<std::string>> stored_keys(const std::vector<std::string>& keys) override;
  Result<std::int64_t> item_count() override;
  Result<std::int64_t> count_matching(const TextFilter& filter) override;
  Result<PruneResult> prune(std::int64_t cutoff, int batch) override;
  Result<CheckpointResult> checkpoint() override;
  Result<std::vector<Alert>> alerts(std::optional<AlertState> state, int limit) override;
  Result<std::optional<Alert>> alert(std::int64_t id) override;
  Result<void> mark_sent(std::int64_t id, std::int64_t at) override;
  Result<void> mark_retry(std::int64_t id, std::string_view owner, std::int64_t next_attempt_at,
                          std::string_view error) override;
  Result<void> mark_failed(std::int64_t id, std::string_view owner, std::string_view error) override;
  Result<void> retarget(std::int64_t id, std::string_view notifier) override;
  Result<int> retry_now(std::optional<std::int64_t> id, std::int64_t now) override;
  Result<OutboxCounts> outbox_counts() override;
  Result<std::vector<Alert>> feed_matches(std::optional<std::string> watch, int limit) override;
  Result<std::vector<SiteHealth>> site_healths() override;
  Result<HealthUpdate> update_health(const std::vector<std::string>& sites, const HealthFn& decide) override;
  Result<void> heartbeat(const InstanceInfo& me, std::int64_t lease_until) override;
  Result<std::vector<InstanceInfo>> instances() override;
  Result<LeaseAnswer> lease_site(const LeaseRequest& request) override;
  Result<void> release_site_lease(const LeaseRelease& release) override;
  Result<int> release_instance(std::string_view owner, std::int64_t free_at) override;
  Result<std::vector<SiteLease>> site_leases(std::int64_t now) override;

  /// The connection, for tests that inspect what the store prepared (query plans).
  sql::Connection& database() noexcept { return m_db; }

  /// One alert a crawl would queue; queued together at the end of the crawl (alert_flood.cpp).
  struct AlertCandidate {
    std::int64_t item_id = 0;
    std::string story_id;
    std::string title;
    std::string link;
    AlertRequest request;
  };
  /// One outbox row to write: its first candidate, the other watches that matched the same item for the
  /// same notifier, every watch's matched terms, and a flood summary's `also` ('' otherwise).
  struct AlertRow {
    const AlertCandidate* lead = nullptr;
    std::vector<std::string> also_watches;
    std::vector<std::string> matched;
    std::string also;
  };
  /// A crawl's candidates, and the (story, watch, notifier) triples they already cover (once_per_story).
  struct AlertBatch {
    std::vector<AlertCandidate> candidates;
    std::set<std::tuple<std::string, std::string, std::string>> stories;
  };

 private:
  struct ExistingItem {
    std::int64_t id = 0;
    std::string site;
    std::string story_id;
    Item item;
  };

  std::optional<FetchState> read_fetch_state(std::string_view site);
  void write_fetch_state(const FetchState& state);
  ApplyResult store_items(const CrawlOutcome& outcome, const MatchFn* match);
  std::optional<ExistingItem> find_item(const std::string& key);
  void remember_link(std::int64_t id, const Item& seen);
  std::int64_t insert_item(const Item& item, std::int64_t at);
  bool revise_item(const ExistingItem& existing, const Item& seen, std::int64_t at);
  void collect_alerts(std::int64_t item_id, const std::string& story_id, const Item& item, const MatchFn& match,
                      AlertBatch& out);
  void queue_alerts(const std::vector<AlertCandidate>& candidates, std::int64_t at, ApplyResult& result);
  void insert_alert(const AlertRow& row, std::int64_t at, ApplyResult& result);
  std::vector<Alert> select_alerts(const std::string& where_order_limit, std::optional<std::int64_t> p1,
                                   std::optional<std::string> p2, std::int64_t limit);
  Result<void> require_alert(std::int64_t id, std::string_view action);
  Result<void> require_lease(std::int64_t id, std::string_view owner, std::string_view action);
  int hold_and_release(const ClaimRequest& request, int& released);
  void defer_quiet(const ClaimRequest& request);
  std::vector<SiteHealth> read_site_healths();
  std::vector<SiteHealth> read_site_healths(const std::vector<std::string>& sites);
  void write_site_health(const SiteHealth& health);

  std::unique_ptr<sql::Connection> m_connection;
  sql::Connection& m_db;                ///< *m_connection
  stories::StoryMemory m_story_memory;  ///< the story window's postings, kept between crawls
};

/// Runs `body` (returning Result<T>) and turns any exception (SqlError, or one
/// thrown by a caller's callback) into Error{storage} prefixed by `what`.
template <class Body>
auto guarded(const std::string& what, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const std::exception& e) {
    return fail(ErrorKind::storage, what + ": " + e.what());
  } catch (...) {
    return fail(ErrorKind::storage, what + ": unknown exception");
  }
}

/// An operator alert's event as stored in outbox.event (JSON), and back (nullopt for '' or malformed text).
std::string health_event_to_json(const HealthEvent& event);
std::optional<HealthEvent> health_event_from_json(const std::string& text);

/// The password `secrets` names (its password_file's first line), nullopt when none; throws SqlError when the
/// file cannot be read.
std::optional<std::string> store_password(const StoreSecrets& secrets);

/// A new delivery id: a random (kernel CSPRNG) version-4 UUID in lower-case hex with dashes.
std::string new_delivery_id();

/// One FTS5 MATCH expression per clause of `filter` (its phrases joined by OR): empty when it has no
/// clause (everything passes), nullopt when a clause has no phrase (nothing passes).
std::optional<std::vector<std::string>> fts_clauses(const TextFilter& filter);

/// Reads a JSON array of strings stored in a TEXT column; malformed text gives {}.
std::vector<std::string> string_list_from_json(const std::string& text);
/// A JSON array of strings for a TEXT column.
std::string string_list_to_json(const std::vector<std::string>& values);

}  // namespace newswatch
